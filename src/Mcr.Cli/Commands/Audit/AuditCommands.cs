using System.CommandLine;
using Mcr.Cli.Client;
using Mcr.Cli.Output;

namespace Mcr.Cli.Commands.Audit;

/// <summary>
/// <c>mcrctl audit tail [--n] [--follow] [filters]</c> (admin): the newest events, oldest first as <c>tail</c> prints
/// them; <c>--follow</c> keeps polling for new ones until interrupted (with <c>--json</c>, one object per line).
/// </summary>
internal static class AuditCommands
{
    public static readonly string[] EventTypes =
    [
        "login_ok", "login_failed", "manifest_pushed", "manifest_pulled", "manifest_deleted", "tag_deleted", "blob_uploaded",
        "blob_mounted", "blob_deleted", "repo_deleted", "policy_deny", "policy_rule_created", "policy_rule_updated",
        "policy_rule_deleted", "gc_started", "gc_completed", "snapshot_created", "account_created", "account_disabled",
        "account_enabled", "account_password_changed", "account_token_issued",
    ];

    /// <summary>How often <c>--follow</c> asks; events are batched by the server anyway.</summary>
    internal static TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(2);

    public static Command Create(CommandRunner runner)
    {
        var n = new Option<int>("--n", "-n") { Description = "How many of the newest events (1-1000)", DefaultValueFactory = _ => 20 };
        n.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError("--n must be between 1 and 1000");
            }
        });
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events until interrupted" };
        var eventType = new Option<string?>("--event-type", "-t") { Description = "Only this event type" };
        // Completed, not enforced: a newer server may record types this mcrctl does not know yet.
        eventType.CompletionSources.Add(EventTypes);
        var actor = new Option<string?>("--actor") { Description = "Only this actor: an account UUID, or a username of the embedded provider" };
        var repository = new Option<string?>("--repository", "-r") { Description = "Only this repository" };
        var since = new Option<string?>("--since") { Description = "From this time (RFC 3339) or this long ago (15m, 2h, 7d)" };
        var until = new Option<string?>("--until") { Description = "Before this time (RFC 3339) or this long ago" };
        var tail = new Command("tail", "Show the newest audit events (admin)") { n, follow, eventType, actor, repository, since, until };
        runner.Authenticated(tail, _ => "read the audit log", async (call, cancellationToken) =>
        {
            var now = DateTimeOffset.UtcNow;
            var filter = new AuditFilter(
                call.Value(eventType),
                await ActorIdAsync(call, call.Value(actor), cancellationToken),
                call.Value(repository),
                TimeArgument.Parse(call.Value(since), "--since", now),
                TimeArgument.Parse(call.Value(until), "--until", now),
                call.Value(n),
                0);
            var page = await call.Client.Audit.ListAsync(filter, cancellationToken);
            if (!call.Value(follow))
            {
                call.Session.Output.Write(page, o => PrintTable(o, page));
                return ExitCodes.Ok;
            }
            await FollowAsync(call, filter, page.Events, cancellationToken);
            return ExitCodes.Ok;
        });
        return new Command("audit", "The audit log (admin)") { tail };
    }

    /// <summary>A UUID as it is; anything else is taken as a username and looked up (embedded identity only).</summary>
    private static async Task<string?> ActorIdAsync(Invocation call, string? actor, CancellationToken cancellationToken) =>
        actor is null || Guid.TryParse(actor, out _) ? actor : (await call.Client.Accounts.GetAsync(actor, cancellationToken)).Id;

    private static void PrintTable(CommandOutput o, AuditEventList page)
    {
        if (page.Events.Count == 0)
        {
            o.Error.WriteLine("no events");
            return;
        }
        var table = new TextTable("ID", "TIME", "EVENT", "ACTOR", "REPOSITORY", "DIGEST", "CLIENT", "DETAILS");
        foreach (var e in page.Events.Reverse())
        {
            table.Add(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Time(e.Time), e.EventType,
                e.ActorId, e.Repository, Format.ShortDigest(e.Digest), e.ClientIp, Details(e));
        }
        o.Write(table);
    }

    private static async Task FollowAsync(Invocation call, AuditFilter filter, IReadOnlyList<AuditEvent> first, CancellationToken cancellationToken)
    {
        var output = call.Session.Output;
        var last = first.Count > 0 ? first.Max(e => e.Id) : 0;
        Emit(output, first.Reverse());
        try
        {
            while (true)
            {
                await Task.Delay(FollowInterval, cancellationToken);
                // Page back from the newest until the last event already shown: nothing is skipped in a burst.
                var fresh = new List<AuditEvent>();
                for (var offset = 0; ; offset += filter.N)
                {
                    var page = await call.Client.Audit.ListAsync(filter with { Offset = offset }, cancellationToken);
                    fresh.AddRange(page.Events.Where(e => e.Id > last));
                    if (page.Events.Count < filter.N || page.Events.Any(e => e.Id <= last))
                    {
                        break;
                    }
                }
                if (fresh.Count > 0)
                {
                    last = fresh.Max(e => e.Id);
                    Emit(output, fresh.OrderBy(e => e.Id));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the normal end of --follow
        }
    }

    private static void Emit(CommandOutput output, IEnumerable<AuditEvent> events)
    {
        foreach (var e in events)
        {
            if (output.Json)
            {
                output.JsonLine(e);
            }
            else
            {
                output.Line(string.Join("  ",
                    Format.Time(e.Time), e.EventType.PadRight(19), (e.ActorId ?? "-").PadRight(36), e.Repository ?? "-",
                    Format.ShortDigest(e.Digest), e.ClientIp ?? "-", Details(e)));
            }
        }
    }

    private static string Details(AuditEvent e) =>
        e.Details.Count == 0 ? "" : string.Join(" ", e.Details.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"));
}
