using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mcr.Protocol.V1;
using Mcr.Web.Session;
using Microsoft.AspNetCore.Mvc;

namespace Mcr.Web.Pages.Audit;

/// <summary>
/// The audit log (<c>AuditService.ListAuditEvents</c>, admin only), newest first: filters by event type, repository,
/// actor and date range, and paging, as htmx partials whose URL (pushed to the address bar) carries the filters.
/// With the embedded identity provider actors are shown, and may be filtered, by user name.
/// </summary>
public sealed class IndexModel : McrPageModel
{
    public const int PageSize = 50;

    public static readonly string[] EventTypes =
    [
        "login_ok", "login_failed", "manifest_pushed", "manifest_pulled", "manifest_deleted", "tag_deleted",
        "blob_uploaded", "blob_mounted", "blob_deleted", "repo_deleted", "policy_deny", "policy_rule_created",
        "policy_rule_updated", "policy_rule_deleted", "gc_started", "gc_completed", "snapshot_created",
    ];

    [BindProperty(SupportsGet = true, Name = "event_type")]
    public string? EventType { get; set; }

    [BindProperty(SupportsGet = true, Name = "repository")]
    public string? Repository { get; set; }

    [BindProperty(SupportsGet = true, Name = "actor")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "since")]
    public string? Since { get; set; }

    [BindProperty(SupportsGet = true, Name = "until")]
    public string? Until { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public Pager Pager { get; private set; } = new(1, PageSize, 0);

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Account id → user name (embedded identity provider); empty with MCIAS.</summary>
    public IReadOnlyDictionary<string, string> Usernames { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        EventType = Clean(EventType);
        Repository = Clean(Repository);
        Actor = Clean(Actor);
        if (User.HasAccounts())
        {
            try
            {
                var accounts = await Registry.Accounts.ListAccountsAsync(new ListAccountsRequest());
                Usernames = accounts.Accounts.ToDictionary(a => a.Id, a => a.Username, StringComparer.Ordinal);
            }
            catch (RpcException)
            {
                // Names are a convenience: ids are shown instead.
            }
        }
        var request = new ListAuditEventsRequest
        {
            EventType = EventType ?? "",
            Repository = Repository ?? "",
            ActorId = Actor is null ? "" : Usernames.FirstOrDefault(u => u.Value == Actor).Key ?? Actor,
        };
        if (EventType is not null && !EventTypes.Contains(EventType, StringComparer.Ordinal))
        {
            Errors["event_type"] = $"Unknown event type {EventType}.";
        }
        if (ParseDate(Since, "since") is { } since)
        {
            request.Since = Timestamp.FromDateTimeOffset(since);
        }
        if (ParseDate(Until, "until") is { } until)
        {
            // The whole day named: until is exclusive.
            request.Until = Timestamp.FromDateTimeOffset(until.AddDays(1));
        }
        var page = Pager.Clamp(PageNumber);
        if (Errors.Count == 0)
        {
            request.Page = new PageRequest { N = PageSize, Offset = (page - 1) * PageSize };
            var response = await Registry.Audit.ListAuditEventsAsync(request);
            Events = response.Events;
            Pager = new Pager(page, PageSize, response.Page?.Total ?? Events.Count);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return IsHtmx ? Partial("_AuditResults", this) : Page();
    }

    public string ActorName(string actorId) =>
        actorId.Length == 0 ? "—" : Usernames.TryGetValue(actorId, out var name) ? name : actorId;

    public string Link(int page = 1, string? eventType = null, string? repository = null, string? actor = null) => Query.Url("/audit",
        ("event_type", eventType ?? EventType), ("repository", repository ?? Repository), ("actor", actor ?? Actor),
        ("since", Since), ("until", Until), ("page", page == 1 ? null : page.ToString(CultureInfo.InvariantCulture)));

    private DateTimeOffset? ParseDate(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }
        Errors[field] = "A date is written 2026-12-31.";
        return null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
