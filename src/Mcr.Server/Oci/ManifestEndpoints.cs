using Mcr.Core.Errors;
using Mcr.Core.Names;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Observability;
using Mcr.Infrastructure.Registry;
using Mcr.Server.Auth;
using Mcr.Server.Errors;

namespace Mcr.Server.Oci;

/// <summary>
/// Manifest pull, existence check and delete (OCI end-3, end-9); push is <see cref="ManifestPushEndpoint"/>.
/// The reference is a digest or a tag. A malformed digest is DIGEST_INVALID (400); a reference that is
/// neither a digest nor a valid tag names nothing that can exist, so reading or deleting it is
/// MANIFEST_UNKNOWN (404, the only failure the spec lists for end-3).
/// </summary>
internal static class ManifestEndpoints
{
    public static IEndpointRouteBuilder MapManifestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(OciRoutes.Manifest, [HttpMethods.Get, HttpMethods.Head], GetAsync).RequiresAction(PolicyAction.Pull);
        app.MapPut(OciRoutes.Manifest, ManifestPushEndpoint.PutAsync).RequiresAction(PolicyAction.Push);
        app.MapDelete(OciRoutes.Manifest, DeleteAsync).RequiresAction(PolicyAction.Delete);
        return app;
    }

    /// <summary>
    /// GET/HEAD: the hot path. One store query, nothing written but the (queued, non-blocking) audit
    /// record of a GET; the stored bytes go to the wire unchanged.
    /// </summary>
    private static async Task<IResult> GetAsync(HttpContext http, OciRequest request, IManifestStore store, IAuditSink audit, TimeProvider clock,
        RegistryMetrics metrics)
    {
        var reference = ManifestReference.Parse(request.Reference);
        if (!reference.IsValid)
        {
            return InvalidReference(reference);
        }
        var manifest = reference.Digest is { } digest
            ? await store.GetAsync(request.Repository, digest, http.RequestAborted)
            : await store.GetByTagAsync(request.Repository, reference.Tag!, http.RequestAborted);
        if (manifest is null)
        {
            return OciResults.Error(OciErrorCode.ManifestUnknown);
        }
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (isGet)
        {
            audit.Record(new AuditEvent(clock.GetUtcNow(), AuditEventTypes.ManifestPulled, request.Principal.Subject,
                request.Repository, manifest.DigestText, http.ClientIp()));
        }
        return new ManifestContentResult(manifest, writeBody: isGet, metrics);
    }

    /// <summary>
    /// DELETE by digest removes the manifest and, by cascade, every tag pointing at it (manifest_deleted);
    /// DELETE by tag removes only the tag, the manifest stays reachable by digest (tag_deleted, through
    /// <see cref="TagDeleter"/> as the admin API's tag deletion). 202 either way.
    /// </summary>
    private static async Task<IResult> DeleteAsync(
        HttpContext http, OciRequest request, IManifestStore store, TagDeleter tags, IAuditSink audit, TimeProvider clock)
    {
        var reference = ManifestReference.Parse(request.Reference);
        if (!reference.IsValid)
        {
            return InvalidReference(reference);
        }
        if (reference.Digest is { } digest)
        {
            if (await store.DeleteAsync(request.Repository, digest, CancellationToken.None) == DeleteResult.NotFound)
            {
                return OciResults.Error(OciErrorCode.ManifestUnknown);
            }
            audit.Record(new AuditEvent(clock.GetUtcNow(), AuditEventTypes.ManifestDeleted, request.Principal.Subject,
                request.Repository, digest.ToString(), http.ClientIp()));
        }
        else if (await tags.DeleteAsync(request.Repository, reference.Tag!, request.Principal.Subject, http.ClientIp()) is null)
        {
            return OciResults.Error(OciErrorCode.ManifestUnknown, $"tag '{reference.Tag}' is unknown");
        }
        http.Response.ContentLength = 0;
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static OciErrorResult InvalidReference(ManifestReference reference) =>
        reference.IsMalformedDigest
            ? OciResults.Error(OciErrorCode.DigestInvalid, reference.Error)
            : OciResults.Error(OciErrorCode.ManifestUnknown, reference.Error);
}
