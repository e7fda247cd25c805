using Mcr.Cli.Client;

namespace Mcr.Cli.Transport.Rest;

internal sealed class RestAuditApi(RestConnection rest) : IAuditApi
{
    private static readonly IReadOnlyDictionary<string, string> _noDetails = new Dictionary<string, string>();

    public async Task<AuditEventList> ListAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var path = RestPaths.Query(RestPaths.Audit,
            ("event_type", filter.EventType),
            ("actor_id", filter.ActorId),
            ("repository", filter.Repository),
            ("since", RestPaths.Time(filter.Since)),
            ("until", RestPaths.Time(filter.Until)),
            ("n", RestPaths.Number(filter.N)),
            ("offset", RestPaths.Number(filter.Offset)));
        var page = await rest.SendAsync(HttpMethod.Get, path, null, McrJson.Default.AuditEventList, cancellationToken);
        // REST writes "details": null for an event without details; gRPC has an empty map. Print one form.
        return page with { Events = [.. page.Events.Select(e => e.Details is null ? e with { Details = _noDetails } : e)] };
    }
}
