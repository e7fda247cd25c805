using Mcr.Infrastructure.Admin;

namespace Mcr.Server.Admin;

/// <summary>
/// <c>GET /v1/tags?repository=R&amp;n=&amp;offset=</c> (the tags with sizes and platforms, by name) and
/// <c>DELETE /v1/tags?repository=R&amp;tag=T</c> (200 <c>{"digest"}</c>). Decided by the policy, not the admin
/// role: listing needs <c>registry:pull</c> on R, deleting <c>registry:delete</c> (see <see cref="TagAdminService"/>).
/// </summary>
internal static class TagAdminEndpoints
{
    public static IEndpointRouteBuilder MapTagAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AdminRoutes.Tags, ListAsync);
        app.MapDelete(AdminRoutes.Tags, DeleteAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, TagAdminService service)
    {
        if (!AdminHttp.TryReadText(http.Request, "repository", out var repository, out var error)
            || !AdminHttp.TryReadPaging(http.Request, out var n, out var offset, out error))
        {
            return error!;
        }
        var result = await service.ListAsync(http.Caller(), repository ?? "", n, offset, http.RequestAborted);
        return result.ToResult(page => AdminHttp.Json(
            new TagListResponse(page.Items, page.Total, n, offset), AdminJsonContext.Default.TagListResponse));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, TagAdminService service)
    {
        if (!AdminHttp.TryReadText(http.Request, "repository", out var repository, out var error)
            || !AdminHttp.TryReadText(http.Request, "tag", out var tag, out error))
        {
            return error!;
        }
        var result = await service.DeleteAsync(http.Caller(), repository ?? "", tag ?? "", http.RequestAborted);
        return result.ToResult(deleted => AdminHttp.Json(deleted, AdminJsonContext.Default.DeletedTag));
    }
}
