using Mcr.Core.Digests;
using Mcr.Core.Errors;
using Mcr.Core.Names;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Storage;
using Mcr.Server.Auth;
using Mcr.Server.Errors;

namespace Mcr.Server.Oci;

/// <summary>
/// Blob uploads (OCI end-4a/4b/4c, end-5, end-6, end-11, end-13, end-14): start (plain, single-POST
/// monolithic, cross-repository mount), PATCH chunks (with or without <c>Content-Range</c>), PUT to
/// commit, GET status, DELETE to cancel. Bodies are streamed to the blob store's temp file; the offset
/// is kept in the database so a session survives a restart.
/// </summary>
internal static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(OciRoutes.UploadStart, StartAsync).RequiresAction(PolicyAction.Push);
        app.MapPatch(OciRoutes.Upload, PatchAsync).RequiresAction(PolicyAction.Push);
        app.MapPut(OciRoutes.Upload, PutAsync).RequiresAction(PolicyAction.Push);
        app.MapGet(OciRoutes.Upload, StatusAsync).RequiresAction(PolicyAction.Push);
        app.MapDelete(OciRoutes.Upload, CancelAsync).RequiresAction(PolicyAction.Push);
        return app;
    }

    private static async Task<IResult> StartAsync(
        HttpContext http,
        OciRequest request,
        [AsParameters] UploadServices services,
        PolicyGate gate,
        string? digest,
        string? mount,
        string? from)
    {
        // The query parameter's name is not a C# identifier, so it is read here rather than bound.
        string? digestAlgorithm = http.Request.Query["digest-algorithm"];
        if (mount is not null)
        {
            if (!Digest.TryParse(mount, out var mountDigest, out var mountError))
            {
                return OciResults.Error(OciErrorCode.DigestInvalid, mountError);
            }
            if (await TryMountAsync(http, request, services, gate, mountDigest, from) is { } mounted)
            {
                return mounted;
            }
            // Not mountable (no `from`, no pull on it, blob not there): the spec's fallback is a new session.
            return await StartSessionAsync(http, request, services);
        }
        if (digest is not null)
        {
            if (!Digest.TryParse(digest, out var expected, out var digestError))
            {
                return OciResults.Error(OciErrorCode.DigestInvalid, digestError);
            }
            return await MonolithicAsync(http, request, services, expected);
        }
        if (digestAlgorithm is not null && !DigestAlgorithms.TryParse(digestAlgorithm, out _))
        {
            return OciResults.Error(OciErrorCode.DigestInvalid, $"unsupported digest algorithm '{Truncate(digestAlgorithm)}'");
        }
        // Any supported algorithm needs nothing more here: the commit verifies the digest the PUT names.
        return await StartSessionAsync(http, request, services);
    }

    private static async Task<IResult> PatchAsync(HttpContext http, OciRequest request, [AsParameters] UploadServices services)
    {
        if (await UploadSession.FindAsync(request, services.Uploads, http.RequestAborted) is not { } record)
        {
            return UploadSession.Unknown();
        }
        if (!TryGetContentRange(http.Request, out var range, out var rangeError))
        {
            return rangeError;
        }
        await using var upload = await OpenAsync(services, record.Id, record.Offset, http.RequestAborted);
        if (upload is null)
        {
            return UploadSession.Unknown();
        }
        if (await ReceiveChunkAsync(http, request, services, upload, range) is { } problem)
        {
            return problem;
        }
        UploadSession.SetProgressHeaders(http.Response, request.Repository, upload.UploadId, upload.Size);
        return UploadSession.Empty(http.Response, StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> PutAsync(HttpContext http, OciRequest request, [AsParameters] UploadServices services, string? digest)
    {
        if (await UploadSession.FindAsync(request, services.Uploads, http.RequestAborted) is not { } record)
        {
            return UploadSession.Unknown();
        }
        if (!Digest.TryParse(digest, out var expected, out var digestError))
        {
            return OciResults.Error(OciErrorCode.DigestInvalid, digest is null ? "the digest query parameter is required" : digestError);
        }
        if (!TryGetContentRange(http.Request, out var range, out var rangeError))
        {
            return rangeError;
        }
        await using var upload = await OpenAsync(services, record.Id, record.Offset, http.RequestAborted);
        if (upload is null)
        {
            return UploadSession.Unknown();
        }
        // The final chunk may come with the PUT.
        if (await ReceiveChunkAsync(http, request, services, upload, range) is { } problem)
        {
            return problem;
        }
        return await UploadSession.CommitAsync(http, request, services, upload, expected, record.CreatedAt);
    }

    private static async Task<IResult> StatusAsync(HttpContext http, OciRequest request, [AsParameters] UploadServices services)
    {
        if (await UploadSession.FindAsync(request, services.Uploads, http.RequestAborted) is not { } record)
        {
            return UploadSession.Unknown();
        }
        // The offset a PATCH would accept, not the recorded one: after a crash between a write and its offset
        // update they differ, and a client resuming from the recorded one would get 416.
        await using var upload = await OpenAsync(services, record.Id, record.Offset, http.RequestAborted);
        if (upload is null)
        {
            return UploadSession.Unknown();
        }
        UploadSession.SetProgressHeaders(http.Response, request.Repository, upload.UploadId, upload.Size);
        return UploadSession.Empty(http.Response, StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> CancelAsync(HttpContext http, OciRequest request, [AsParameters] UploadServices services)
    {
        if (await UploadSession.FindAsync(request, services.Uploads, http.RequestAborted) is not { } record)
        {
            return UploadSession.Unknown();
        }
        // Waits for a PATCH in flight on the same session to finish (the store allows one handle at a time).
        await services.Blobs.DeleteUploadAsync(record.Id, CancellationToken.None);
        await services.Uploads.DeleteAsync(record.Id, CancellationToken.None);
        return UploadSession.Empty(http.Response, StatusCodes.Status204NoContent);
    }

    /// <summary>A new, empty session: 202 with its location.</summary>
    private static async Task<IResult> StartSessionAsync(HttpContext http, OciRequest request, UploadServices services)
    {
        var id = Guid.NewGuid();
        // Only the empty temp file is needed now; PATCH and PUT reopen it.
        var created = await services.Blobs.CreateUploadAsync(id, http.RequestAborted);
        await created.DisposeAsync();
        try
        {
            await services.Uploads.CreateAsync(request.Repository, id, CancellationToken.None);
        }
        catch
        {
            await services.Blobs.DeleteUploadAsync(id, CancellationToken.None);
            throw;
        }
        UploadSession.SetProgressHeaders(http.Response, request.Repository, id, 0);
        return UploadSession.Empty(http.Response, StatusCodes.Status202Accepted);
    }

    /// <summary>Single-POST upload (end-4b): the body is the whole blob. Nothing is left behind if it fails.</summary>
    private static async Task<IResult> MonolithicAsync(HttpContext http, OciRequest request, UploadServices services, Digest expected)
    {
        var id = Guid.NewGuid();
        var startedAt = services.Clock.GetUtcNow();
        var upload = await services.Blobs.CreateUploadAsync(id, http.RequestAborted);
        var finished = false;
        try
        {
            // The row makes the temp file a known session while it is being written (reconcile's view).
            await services.Uploads.CreateAsync(request.Repository, id, CancellationToken.None);
            if (await UploadSession.AppendBodyAsync(http, services, upload, maxBytes: null) is null)
            {
                return Results.Empty;
            }
            var result = await UploadSession.CommitAsync(http, request, services, upload, expected, startedAt);
            finished = true;
            return result;
        }
        finally
        {
            await upload.DisposeAsync();
            if (!finished)
            {
                await services.Blobs.DeleteUploadAsync(id, CancellationToken.None);
                await services.Uploads.DeleteAsync(id, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Cross-repository mount (end-11): 201 when the caller may pull <paramref name="from"/> and the blob
    /// is readable there; null to fall back to a new session (never an error, as the spec asks).
    /// </summary>
    private static async Task<IResult?> TryMountAsync(HttpContext http, OciRequest request, UploadServices services, PolicyGate gate, Digest digest, string? from)
    {
        if (!RepositoryName.IsValid(from) || gate.Check(http, request.Principal, PolicyAction.Pull, from) is not null)
        {
            return null;
        }
        // A row without its file (lost storage) must not be mounted: the client would skip the upload.
        if (await services.Blobs.StatAsync(digest, http.RequestAborted) is null
            || await services.Metadata.MountAsync(from, request.Repository, digest, CancellationToken.None) is null)
        {
            return null;
        }
        services.Audit.Record(new AuditEvent(services.Clock.GetUtcNow(), AuditEventTypes.BlobMounted, request.Principal.Subject,
            request.Repository, digest.ToString(), http.ClientIp(), new Dictionary<string, string> { ["from"] = from }));
        return UploadSession.Created(http.Response, request.Repository, digest);
    }

    /// <summary>Opens the session's temp file; a session whose file is gone is ended and reported unknown.</summary>
    private static async Task<IBlobUpload?> OpenAsync(UploadServices services, Guid id, long recordedOffset, CancellationToken cancellationToken)
    {
        var upload = await services.Blobs.OpenUploadAsync(id, cancellationToken);
        if (upload is null)
        {
            await services.Uploads.DeleteAsync(id, CancellationToken.None);
            return null;
        }
        if (upload.Size != recordedOffset)
        {
            // The file is the truth (e.g. a crash between a write and its offset update).
            await services.Uploads.UpdateOffsetAsync(id, upload.Size, CancellationToken.None);
        }
        return upload;
    }

    private static bool TryGetContentRange(HttpRequest request, out ContentRange? range, out IResult error)
    {
        range = null;
        error = Results.Empty;
        var header = request.Headers.ContentRange;
        if (header.Count == 0)
        {
            return true;
        }
        if (header.Count > 1 || !ContentRange.TryParse(header.ToString(), out var parsed))
        {
            error = OciResults.Error(OciErrorCode.BlobUploadInvalid, "Content-Range must have the form <start>-<end>");
            return false;
        }
        range = parsed;
        return true;
    }

    /// <summary>
    /// PATCH and PUT alike: checks the chunk's Content-Range against the session, then streams the body
    /// into it. Null when the chunk was appended; otherwise the answer to send (nothing when the client
    /// went away).
    /// </summary>
    private static async Task<IResult?> ReceiveChunkAsync(HttpContext http, OciRequest request, UploadServices services, IBlobUpload upload, ContentRange? range)
    {
        if (CheckRange(http, request, upload, range) is { } rangeProblem)
        {
            return rangeProblem;
        }
        var appended = await UploadSession.AppendBodyAsync(http, services, upload, range?.Length);
        if (appended is not { } result)
        {
            return Results.Empty;
        }
        if (range is { } r && (result.Status == UploadAppendStatus.TooLarge || result.BytesAppended != r.Length))
        {
            UploadSession.SetProgressHeaders(http.Response, request.Repository, upload.UploadId, upload.Size);
            return OciResults.Error(OciErrorCode.SizeInvalid, "the body length does not match the Content-Range");
        }
        return null;
    }

    /// <summary>
    /// A chunk must start at the current offset (else 416 with the current Range so the client can
    /// resume) and its Content-Length must equal the range's length (else SIZE_INVALID).
    /// </summary>
    private static OciErrorResult? CheckRange(HttpContext http, OciRequest request, IBlobUpload upload, ContentRange? range)
    {
        if (range is not { } r)
        {
            return null;
        }
        if (r.IsEmpty || r.Start != upload.Size)
        {
            UploadSession.SetProgressHeaders(http.Response, request.Repository, upload.UploadId, upload.Size);
            return OciResults.Error(OciErrorCode.RangeInvalid, $"the chunk must start at offset {upload.Size}");
        }
        if (http.Request.ContentLength is { } length && length != r.Length)
        {
            return OciResults.Error(OciErrorCode.SizeInvalid, "Content-Length does not match the Content-Range");
        }
        return null;
    }

    private static string Truncate(string s) => s.Length <= 32 ? s : s[..32] + "…";
}
