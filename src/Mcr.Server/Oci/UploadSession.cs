using System.Globalization;
using Mcr.Core.Digests;
using Mcr.Core.Errors;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Mcr.Server.Auth;
using Mcr.Server.Errors;

namespace Mcr.Server.Oci;

/// <summary>
/// The steps the upload endpoints share: finding a session, the progress headers, streaming a body
/// into the temp file and committing it as a blob.
/// </summary>
internal static class UploadSession
{
    public const string UploadUuidHeader = "Docker-Upload-UUID";
    public const string ContentDigestHeader = "Docker-Content-Digest";

    /// <summary>The <c>&lt;blob-push-location&gt;</c> (relative, which the spec allows).</summary>
    public static string UploadLocation(string repository, Guid id) =>
        $"/v2/{repository}/blobs/uploads/{id.ToString("D", CultureInfo.InvariantCulture)}";

    /// <summary>The pullable URL of a committed blob.</summary>
    public static string BlobLocation(string repository, Digest digest) => $"/v2/{repository}/blobs/{digest}";

    /// <summary>
    /// <c>0-&lt;last byte&gt;</c>. An empty upload has no last byte; like distribution (and what podman,
    /// skopeo and containerd expect) it is reported as <c>0-0</c>.
    /// </summary>
    public static string RangeValue(long size) => string.Create(CultureInfo.InvariantCulture, $"0-{Math.Max(size - 1, 0)}");

    /// <summary>Location, Range and Docker-Upload-UUID: the headers of every answer about a live session.</summary>
    public static void SetProgressHeaders(HttpResponse response, string repository, Guid id, long size)
    {
        response.Headers.Location = UploadLocation(repository, id);
        response.Headers["Range"] = RangeValue(size);
        response.Headers[UploadUuidHeader] = id.ToString("D", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The session named by the request, or null when the id is not a GUID, unknown, or belongs to
    /// another repository (an upload id is only valid under the repository it was started in).
    /// </summary>
    public static async Task<UploadRecord?> FindAsync(OciRequest request, IUploadStore uploads, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(request.Reference, "D", out var id))
        {
            return null;
        }
        var record = await uploads.GetAsync(id, cancellationToken);
        return record is not null && string.Equals(record.Repository, request.Repository, StringComparison.Ordinal) ? record : null;
    }

    public static OciErrorResult Unknown() => OciResults.Error(OciErrorCode.BlobUploadUnknown);

    /// <summary>An answer with no body: 201/202 carry <c>Content-Length: 0</c>, 204 carries none.</summary>
    public static IResult Empty(HttpResponse response, int status)
    {
        if (status != StatusCodes.Status204NoContent)
        {
            response.ContentLength = 0;
        }
        return Results.StatusCode(status);
    }

    /// <summary>
    /// Streams the request body into the upload (never buffering it) and records the new offset. The
    /// offset is written even when the client disconnects half-way, so it always equals the bytes on
    /// disk. Returns null when the client went away (there is no one to answer).
    /// </summary>
    public static async Task<UploadAppendResult?> AppendBodyAsync(HttpContext http, UploadServices services, IBlobUpload upload, long? maxBytes)
    {
        var before = upload.Size;
        try
        {
            return await upload.AppendAsync(http.Request.Body, maxBytes, http.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            // Includes Kestrel's "unexpected end of request content" for a body shorter than its Content-Length.
            return null;
        }
        catch (IOException e) when (ResourceExhaustion.Classify(e) is not null)
        {
            // Out of space: this request's bytes go, so a full disk holds no half chunk (the answer is 507).
            await upload.TruncateAsync(before, CancellationToken.None);
            throw;
        }
        finally
        {
            if (upload.Size != before)
            {
                services.Metrics.BlobReceived(upload.Size - before);
                // Not the request's token: the offset must be recorded precisely when the request is aborted.
                await services.Uploads.UpdateOffsetAsync(upload.UploadId, upload.Size, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Verifies and publishes the upload as <paramref name="digest"/>, registers it in the repository and
    /// ends the session. On a digest mismatch the temp file and the session are removed (DIGEST_INVALID).
    /// </summary>
    /// <param name="startedAt">When the session began (its POST), for the upload duration metric.</param>
    public static async Task<IResult> CommitAsync(HttpContext http, OciRequest request, UploadServices services, IBlobUpload upload, Digest digest,
        DateTimeOffset startedAt)
    {
        UploadCommitResult result;
        // The GC commit lock: GC phase 1 cannot decide a blob is garbage between the file rename and the
        // row that protects it. Past this point the client's disconnect must not leave half a commit.
        using (await services.GcLock.EnterCommitAsync(http.RequestAborted))
        {
            result = await upload.CommitAsync(digest, CancellationToken.None);
            if (result.Status == UploadCommitStatus.Committed)
            {
                await services.Metadata.RegisterUploadedBlobAsync(request.Repository, digest, result.Size, CancellationToken.None);
            }
        }
        await services.Uploads.DeleteAsync(upload.UploadId, CancellationToken.None);
        services.Metrics.UploadFinished(services.Clock.GetUtcNow() - startedAt, committed: result.Status == UploadCommitStatus.Committed);
        if (result.Status == UploadCommitStatus.DigestMismatch)
        {
            return OciResults.Error(OciErrorCode.DigestInvalid, $"uploaded content has digest {result.Actual}, not {digest}");
        }
        services.Audit.Record(new AuditEvent(services.Clock.GetUtcNow(), AuditEventTypes.BlobUploaded, request.Principal.Subject,
            request.Repository, digest.ToString(), http.ClientIp(),
            new Dictionary<string, string> { ["size"] = result.Size.ToString(CultureInfo.InvariantCulture) }));
        return Created(http.Response, request.Repository, digest);
    }

    /// <summary>201 for a blob now readable in the repository (upload commit or mount).</summary>
    public static IResult Created(HttpResponse response, string repository, Digest digest)
    {
        response.Headers.Location = BlobLocation(repository, digest);
        response.Headers[ContentDigestHeader] = digest.ToString();
        return Empty(response, StatusCodes.Status201Created);
    }
}
