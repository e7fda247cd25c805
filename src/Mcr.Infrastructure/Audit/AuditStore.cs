using System.Text;
using System.Text.Json;
using Dapper;
using Mcr.Infrastructure.Database;

namespace Mcr.Infrastructure.Audit;

/// <summary>
/// The <c>audit_log</c> table. Request paths never call this directly: they go through
/// <see cref="IAuditSink"/> (<see cref="AuditQueue"/>), which batches inserts off the request path.
/// Details are stored as a JSON object exactly as given; nothing is added or removed here.
/// </summary>
public sealed class AuditStore(SqliteDatabase database)
{
    /// <summary>Inserts <paramref name="events"/> in one transaction, reusing one prepared statement.</summary>
    public async Task InsertAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }
        await using var writer = await OpenWriterAsync(cancellationToken);
        await writer.WriteAsync(events, cancellationToken);
    }

    /// <summary>A writer that keeps its connection and statement across batches (the audit queue's).</summary>
    public Task<AuditWriter> OpenWriterAsync(CancellationToken cancellationToken = default) =>
        AuditWriter.OpenAsync(database, cancellationToken);

    /// <summary>
    /// Matching entries, newest first (time, then id), and the total number matching.
    /// Throws <see cref="ArgumentException"/> for a query whose <see cref="AuditQuery.Validate"/> fails.
    /// </summary>
    public async Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = query.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(query));
        }

        // Only the filters in use go into the SQL, so each query can use its index. The parameter object has them all;
        // Dapper.AOT binds only the names the SQL uses.
        var where = new StringBuilder();
        void Filter(string condition)
        {
            where.Append(where.Length == 0 ? " WHERE " : " AND ").Append(condition);
        }
        if (!string.IsNullOrEmpty(query.EventType))
        {
            Filter("event_type = @EventType");
        }
        if (!string.IsNullOrEmpty(query.ActorId))
        {
            Filter("actor_id = @ActorId");
        }
        if (!string.IsNullOrEmpty(query.Repository))
        {
            Filter("repository = @Repository");
        }
        // DbTime is fixed-width UTC, so comparing the text compares the times
        if (query.Since is not null)
        {
            Filter("event_time >= @Since");
        }
        if (query.Until is not null)
        {
            Filter("event_time < @Until");
        }
        // No CancellationToken member here, unlike every other call: for SQL built at run time Dapper.AOT 1.1.0
        // generates code that does not compile when the parameters carry one. The token is checked before each
        // query instead, which is all Microsoft.Data.Sqlite does with it (it cannot interrupt a running statement).
        var parameters = new
        {
            query.EventType,
            query.ActorId,
            query.Repository,
            Since = query.Since is { } since ? DbTime.ToDb(since) : null,
            Until = query.Until is { } until ? DbTime.ToDb(until) : null,
            query.N,
            query.Offset,
        };

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            "SELECT id AS Id, event_time AS EventTime, event_type AS EventType, actor_id AS ActorId, repository AS Repository, " +
            $"digest AS Digest, ip_address AS IpAddress, details AS Details FROM audit_log{where} " +
            "ORDER BY event_time DESC, id DESC LIMIT @N OFFSET @Offset",
            parameters);
        cancellationToken.ThrowIfCancellationRequested();
        var total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM audit_log{where}", parameters);
        return new AuditPage([.. rows.Select(ToEntry)], total);
    }

    private static AuditEntry ToEntry(Row row) => new(
        row.Id,
        new AuditEvent(
            DbTime.FromDb(row.EventTime),
            row.EventType,
            row.ActorId,
            row.Repository,
            row.Digest,
            row.IpAddress,
            ReadDetails(row.Details)));

    /// <summary>Details as stored; a value that is not a JSON object of strings reads as none rather than failing the page.</summary>
    private static Dictionary<string, string>? ReadDetails(string? json)
    {
        if (json is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(json, AuditJsonContext.Default.DictionaryStringString);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal sealed class Row
    {
        public long Id { get; set; }
        public string EventTime { get; set; } = "";
        public string EventType { get; set; } = "";
        public string? ActorId { get; set; }
        public string? Repository { get; set; }
        public string? Digest { get; set; }
        public string? IpAddress { get; set; }
        public string? Details { get; set; }
    }
}
