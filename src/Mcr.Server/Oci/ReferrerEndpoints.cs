using Mcr.Core.Digests;
using Mcr.Core.Errors;
using Mcr.Core.Manifests;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Registry;
using Mcr.Server.Errors;

namespace Mcr.Server.Oci;

/// <summary>
/// The referrers API (OCI end-12a/12b): an OCI image index listing the manifests of the repository whose
/// <c>subject</c> is the digest, optionally only those of one <c>artifactType</c> (then
/// <c>OCI-Filters-Applied: artifactType</c>). Never 404: no referrers, an unknown subject or an unknown
/// repository all give an empty index. A malformed digest is DIGEST_INVALID (400).
/// </summary>
internal static class ReferrerEndpoints
{
    public const string FiltersAppliedHeader = "OCI-Filters-Applied";

    public static IEndpointRouteBuilder MapReferrerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(OciRoutes.Referrers, ListAsync).RequiresAction(PolicyAction.Pull);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, OciRequest request, IManifestStore store, string? artifactType)
    {
        if (!Digest.TryParse(request.Reference, out var subject, out var error))
        {
            return OciResults.Error(OciErrorCode.DigestInvalid, error);
        }
        var filter = string.IsNullOrEmpty(artifactType) ? null : artifactType;
        var referrers = await store.ListReferrersAsync(request.Repository, subject, filter, http.RequestAborted);
        if (filter is not null)
        {
            http.Response.Headers[FiltersAppliedHeader] = "artifactType";
        }
        return Results.Bytes(ReferrersIndex.Build(referrers), ManifestMediaTypes.OciIndex);
    }
}
