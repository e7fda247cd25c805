using System.Globalization;
using Mcr.Core.Names;

namespace Mcr.Infrastructure.Audit;

/// <summary>
/// Filters and paging for listing the audit log (SPEC §10 <c>GET /v1/audit</c>). Null or empty
/// filters match everything; <see cref="Since"/> is inclusive and <see cref="Until"/> exclusive.
/// </summary>
public sealed record AuditQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;
    public const int MaxActorIdLength = 256;

    public string? EventType { get; init; }
    public string? ActorId { get; init; }
    public string? Repository { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public int N { get; init; } = DefaultPageSize;
    public int Offset { get; init; }

    /// <summary>Every problem with this query, as messages fit for a 400 response; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (N is < 1 or > MaxPageSize)
        {
            errors.Add($"n must be between 1 and {MaxPageSize}");
        }
        if (Offset < 0)
        {
            errors.Add("offset must not be negative");
        }
        if (!string.IsNullOrEmpty(EventType) && !AuditEventTypes.IsKnown(EventType))
        {
            errors.Add($"unknown event_type; known types: {string.Join(", ", AuditEventTypes.All)}");
        }
        if (ActorId is { Length: > MaxActorIdLength })
        {
            errors.Add($"actor_id must be at most {MaxActorIdLength} characters");
        }
        if (!string.IsNullOrEmpty(Repository) && !RepositoryName.IsValid(Repository))
        {
            errors.Add("repository is not a valid repository name");
        }
        if (Since is { } since && Until is { } until && since >= until)
        {
            errors.Add("since must be before until");
        }
        return errors;
    }

    /// <summary>
    /// Builds a query from query-string values (any may be null or empty = not given). Times are
    /// RFC 3339 (<c>2025-03-01T12:00:00Z</c>; no offset means UTC). Returns the query, or the errors.
    /// </summary>
    public static AuditQueryParseResult Parse(
        string? eventType, string? actorId, string? repository, string? since, string? until, string? n, string? offset)
    {
        var errors = new List<string>();
        var query = new AuditQuery
        {
            EventType = NullIfEmpty(eventType),
            ActorId = NullIfEmpty(actorId),
            Repository = NullIfEmpty(repository),
            Since = ParseTime("since", since, errors),
            Until = ParseTime("until", until, errors),
            N = ParseInt("n", n, DefaultPageSize, errors),
            Offset = ParseInt("offset", offset, 0, errors),
        };
        errors.AddRange(query.Validate());
        return errors.Count == 0 ? new AuditQueryParseResult(query, []) : new AuditQueryParseResult(null, errors);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static DateTimeOffset? ParseTime(string name, string? value, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }
        errors.Add($"{name} must be an RFC 3339 time such as 2025-03-01T12:00:00Z");
        return null;
    }

    private static int ParseInt(string name, string? value, int fallback, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        errors.Add($"{name} must be a non-negative integer");
        // a value Validate accepts, so the same problem is not reported twice
        return fallback;
    }
}

/// <summary>The query when the input was valid, otherwise null and the reasons.</summary>
public sealed record AuditQueryParseResult(AuditQuery? Query, IReadOnlyList<string> Errors);
