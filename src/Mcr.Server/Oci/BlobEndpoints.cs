using Mcr.Core.Digests;
using Mcr.Core.Errors;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Mcr.Server.Auth;
using Mcr.Server.Errors;
using Microsoft.Net.Http.Headers;

namespace Mcr.Server.Oci;

/// <summary>
/// Blob pull, existence check and delete (OCI end-2, end-10). A blob is served only when it is readable
/// from the repository in the path (uploaded or mounted there, or referenced by one of its manifests):
/// knowing a digest never grants access to it.
/// </summary>
internal static class BlobEndpoints
{
    private const string ContentType = "application/octet-stream";

    public static IEndpointRouteBuilder MapBlobEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(OciRoutes.Blob, [HttpMethods.Get, HttpMethods.Head], GetAsync).RequiresAction(PolicyAction.Pull);
        app.MapDelete(OciRoutes.Blob, DeleteAsync).RequiresAction(PolicyAction.Delete);
        return app;
    }

    /// <summary>
    /// GET/HEAD: 200 with the blob, or 206/416 for a <c>Range</c> request. The framework's file result does
    /// the range arithmetic and the Accept-Ranges, Content-Range, Content-Length and ETag headers. It
    /// streams from the handle the store opened, so a GC deleting the file mid-download cannot break it;
    /// sendfile would not apply anyway, since Kestrel encrypts every byte (TLS only).
    /// </summary>
    private static async Task<IResult> GetAsync(HttpContext http, OciRequest request, IBlobMetadataStore metadata, IBlobStore blobs)
    {
        if (!Digest.TryParse(request.Reference, out var digest, out var error))
        {
            return OciResults.Error(OciErrorCode.DigestInvalid, error);
        }
        if (await metadata.CanReadAsync(request.Repository, digest, http.RequestAborted) is null)
        {
            return OciResults.Error(OciErrorCode.BlobUnknown);
        }
        var handle = await blobs.OpenReadAsync(digest, http.RequestAborted);
        if (handle is null)
        {
            // The row outlived its file (lost storage): unknown, so the client uploads it again.
            return OciResults.Error(OciErrorCode.BlobUnknown);
        }
        // A client that sees the blob exists skips uploading it; keep GC away until its manifest arrives.
        await metadata.TouchAsync(digest, CancellationToken.None);
        http.Response.Headers[UploadSession.ContentDigestHeader] = digest.ToString();
        return TypedResults.Stream(handle.Stream, ContentType, entityTag: new EntityTagHeaderValue($"\"{digest}\""), enableRangeProcessing: true);
    }

    /// <summary>DELETE: removes the blob from this repository (the file goes when GC finds it unreferenced).</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, OciRequest request, IBlobMetadataStore metadata, IAuditSink audit, TimeProvider clock)
    {
        if (!Digest.TryParse(request.Reference, out var digest, out var error))
        {
            return OciResults.Error(OciErrorCode.DigestInvalid, error);
        }
        var result = await metadata.UnlinkAsync(request.Repository, digest, CancellationToken.None);
        if (result == BlobUnlinkResult.NotFound)
        {
            return OciResults.Error(OciErrorCode.BlobUnknown);
        }
        var details = result == BlobUnlinkResult.StillReferenced
            ? new Dictionary<string, string> { ["still_referenced_by_manifest"] = "true" }
            : null;
        audit.Record(new AuditEvent(clock.GetUtcNow(), AuditEventTypes.BlobDeleted, request.Principal.Subject,
            request.Repository, digest.ToString(), http.ClientIp(), details));
        return UploadSession.Empty(http.Response, StatusCodes.Status202Accepted);
    }
}
