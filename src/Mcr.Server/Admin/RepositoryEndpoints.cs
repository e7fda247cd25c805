using Mcr.Infrastructure.Admin;

namespace Mcr.Server.Admin;

/// <summary>
/// <c>GET /v1/repositories</c> (<c>q</c> name filter, n/offset paging), <c>GET /v1/repositories/{name...}</c> and
/// <c>DELETE /v1/repositories/{name...}</c> (200 with what was removed). Reading needs an authenticated caller whom
/// the policy lets list (<c>registry:catalog</c>) and pull the repository (see <see cref="RepositoryAdminService"/>);
/// deleting needs the admin role and <c>registry:delete</c>. Deleting leaves blobs for GC.
/// </summary>
internal static class RepositoryEndpoints
{
    public static IEndpointRouteBuilder MapRepositoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AdminRoutes.Repositories, ListAsync);
        app.MapGet(AdminRoutes.Repository, GetAsync);
        app.MapDelete(AdminRoutes.Repository, DeleteAsync).RequireAdmin();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, RepositoryAdminService service)
    {
        if (!AdminHttp.TryReadPaging(http.Request, out var n, out var offset, out var error)
            || !AdminHttp.TryReadText(http.Request, "q", out var query, out error))
        {
            return error!;
        }
        var result = await service.ListAsync(http.Caller(), n, offset, query, http.RequestAborted);
        return result.ToResult(page => AdminHttp.Json(
            new RepositoryListResponse(page.Items, page.Total, n, offset), AdminJsonContext.Default.RepositoryListResponse));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string name, RepositoryAdminService service)
    {
        var result = await service.GetAsync(http.Caller(), name, http.RequestAborted);
        return result.ToResult(detail => AdminHttp.Json(RepositoryDetailResponse.From(detail), AdminJsonContext.Default.RepositoryDetailResponse));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string name, RepositoryAdminService service)
    {
        var result = await service.DeleteAsync(http.Caller(), name, http.RequestAborted);
        return result.ToResult(summary => AdminHttp.Json(RepositoryDeleteResponse.From(summary), AdminJsonContext.Default.RepositoryDeleteResponse));
    }
}
