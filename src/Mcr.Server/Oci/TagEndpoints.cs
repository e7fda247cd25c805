using Mcr.Core.Errors;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Registry;
using Mcr.Server.Errors;

namespace Mcr.Server.Oci;

/// <summary>
/// Tag listing (OCI end-8a/8b): <c>{"name","tags":[...]}</c> in byte-wise order, <c>n</c>/<c>last</c>
/// pagination with a <c>Link</c> to the next page (see <see cref="Pagination"/>). Tag deletion is a manifest
/// DELETE by tag (<see cref="ManifestEndpoints"/>).
/// </summary>
internal static class TagEndpoints
{
    public static IEndpointRouteBuilder MapTagEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(OciRoutes.TagsList, ListAsync).RequiresAction(PolicyAction.Pull);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, OciRequest request, IManifestStore store)
    {
        if (Pagination.Read(http.Request, out var error) is not { } page)
        {
            return error!;
        }
        var tags = await store.ListTagsAsync(request.Repository, page.N, page.Last, http.RequestAborted);
        if (tags is null)
        {
            return OciResults.Error(OciErrorCode.NameUnknown, $"repository '{request.Repository}' is not known to the registry");
        }
        if (tags.HasMore && tags.Items.Count > 0)
        {
            page.SetNextLink(http.Response, $"/v2/{request.Repository}/tags/list", tags.Items[^1]);
        }
        return Results.Bytes(Pagination.WriteList(request.Repository, "tags", tags.Items), "application/json");
    }
}
