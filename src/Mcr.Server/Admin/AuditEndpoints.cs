using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Audit;

namespace Mcr.Server.Admin;

/// <summary>
/// <c>GET /v1/audit</c>, admin only: filters <c>event_type</c>, <c>actor_id</c>, <c>repository</c>, <c>since</c>
/// (inclusive), <c>until</c> (exclusive), paging <c>n</c> (default 50, max 1000) and <c>offset</c>; newest first.
/// </summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AdminRoutes.Audit, ListAsync).RequireAdmin();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AuditAdminService service)
    {
        var query = http.Request.Query;
        if (query.Any(static q => q.Value.Count > 1))
        {
            return AdminHttp.Error(AdminError.Invalid("each query parameter may be given once"));
        }
        var parsed = AuditQuery.Parse(
            query["event_type"], query["actor_id"], query["repository"], query["since"], query["until"], query["n"], query["offset"]);
        if (parsed.Query is not { } auditQuery)
        {
            return AdminHttp.Error(AdminError.Invalid(string.Join("; ", parsed.Errors)));
        }
        var result = await service.ListAsync(auditQuery, http.RequestAborted);
        return result.ToResult(page => AdminHttp.Json(
            new AuditListResponse([.. page.Items.Select(AuditEventResponse.From)], page.Total, auditQuery.N, auditQuery.Offset),
            AdminJsonContext.Default.AuditListResponse));
    }
}
