using Mcr.Infrastructure.Admin;

namespace Mcr.Server.Admin;

/// <summary>
/// <c>GET /v1/manifests?repository=R&amp;reference=REF</c> (a tag or a digest): one manifest in full, with its
/// content, descriptors, image config, children and referrers. Needs <c>registry:pull</c> on R
/// (see <see cref="ManifestAdminService"/>).
/// </summary>
internal static class ManifestAdminEndpoints
{
    public static IEndpointRouteBuilder MapManifestAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AdminRoutes.Manifests, GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext http, ManifestAdminService service)
    {
        if (!AdminHttp.TryReadText(http.Request, "repository", out var repository, out var error)
            || !AdminHttp.TryReadText(http.Request, "reference", out var reference, out error))
        {
            return error!;
        }
        var result = await service.GetAsync(http.Caller(), repository ?? "", reference ?? "", http.RequestAborted);
        return result.ToResult(manifest => AdminHttp.Json(manifest, AdminJsonContext.Default.ManifestDetail));
    }
}
