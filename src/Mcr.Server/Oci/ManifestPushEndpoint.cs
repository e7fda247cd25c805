using Mcr.Core.Digests;
using Mcr.Core.Errors;
using Mcr.Core.Manifests;
using Mcr.Core.Names;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Observability;
using Mcr.Infrastructure.Registry;
using Mcr.Server.Auth;
using Mcr.Server.Errors;
using Microsoft.Extensions.Primitives;

namespace Mcr.Server.Oci;

/// <summary>
/// Manifest push (OCI end-7a, and end-7b: <c>?tag=</c> parameters with a digest reference). Checks run
/// cheapest first and nothing is written unless all pass: reference and tags, size (413 over
/// <see cref="ManifestLimits.MaxSize"/>), content (<see cref="ManifestParser"/>, which also rejects a
/// <c>mediaType</c> that disagrees with <c>Content-Type</c>), digest, then the store's one transaction that
/// verifies every referenced blob and child (MANIFEST_BLOB_UNKNOWN / MANIFEST_UNKNOWN) before storing.
/// </summary>
internal static class ManifestPushEndpoint
{
    public const string SubjectHeader = "OCI-Subject";
    public const string TagHeader = "OCI-Tag";

    public static async Task<IResult> PutAsync(HttpContext http, OciRequest request, IManifestStore store, IAuditSink audit, TimeProvider clock,
        RegistryMetrics metrics)
    {
        var reference = ManifestReference.Parse(request.Reference);
        if (!reference.IsValid)
        {
            // An invalid tag: MANIFEST_INVALID rather than the legacy Docker TAG_INVALID, to stay within the spec's codes.
            return reference.IsMalformedDigest
                ? OciResults.Error(OciErrorCode.DigestInvalid, reference.Error)
                : OciResults.Error(OciErrorCode.ManifestInvalid, "invalid tag: " + reference.Error);
        }
        var queryTags = http.Request.Query["tag"];
        if (CollectTags(reference.Tag, queryTags, out var tagError) is not { } tags)
        {
            return OciResults.Error(OciErrorCode.ManifestInvalid, tagError);
        }

        var (status, content) = await ManifestBody.ReadAsync(http.Request, http.RequestAborted);
        switch (status)
        {
            case ManifestBodyStatus.TooLarge:
                return OciResults.Error(OciErrorCode.ManifestTooLarge, $"manifest exceeds {ManifestLimits.MaxSize} bytes");
            case ManifestBodyStatus.Incomplete:
                return OciResults.Error(OciErrorCode.ManifestInvalid, "the body ended before Content-Length bytes");
        }

        var parsed = ManifestParser.Parse(content, http.Request.ContentType);
        if (!parsed.IsSuccess)
        {
            return OciResults.Error(parsed.Error.Code, parsed.Error.Message);
        }
        // Pushed by digest: hash with that digest's algorithm (sha512 pushes keep their sha512 identity).
        var digest = Digest.Compute(reference.Digest?.Algorithm ?? DigestAlgorithm.Sha256, content);
        if (reference.Digest is { } expected && expected != digest)
        {
            return OciResults.Error(OciErrorCode.DigestInvalid, $"the manifest's digest is {digest}, not {expected}",
                new Dictionary<string, string> { ["expected"] = expected.ToString(), ["actual"] = digest.ToString() });
        }

        var manifest = parsed.Manifest;
        var result = await store.PushAsync(request.Repository, ManifestRecord.From(digest, content, manifest), tags, CancellationToken.None);
        switch (result)
        {
            case ManifestPushResult.MissingBlob missing:
                return OciResults.Error(OciErrorCode.ManifestBlobUnknown, $"blob {missing.Digest} is not in repository '{request.Repository}'",
                    new Dictionary<string, string> { ["digest"] = missing.Digest.ToString() });
            case ManifestPushResult.MissingManifest missing:
                // The spec: a manifest rejected for a descriptor to unknown content, blob or manifest, answers MANIFEST_BLOB_UNKNOWN.
                return OciResults.Error(OciErrorCode.ManifestBlobUnknown, $"index child {missing.Digest} is not a manifest of repository '{request.Repository}'",
                    new Dictionary<string, string> { ["digest"] = missing.Digest.ToString() });
        }

        metrics.ManifestReceived(content.Length);
        var details = new Dictionary<string, string> { ["media_type"] = manifest.MediaType };
        if (tags.Count > 0)
        {
            details["tags"] = string.Join(',', tags);
        }
        audit.Record(new AuditEvent(clock.GetUtcNow(), AuditEventTypes.ManifestPushed, request.Principal.Subject,
            request.Repository, digest.ToString(), http.ClientIp(), details));

        var headers = http.Response.Headers;
        headers.Location = $"/v2/{request.Repository}/manifests/{digest}";
        headers[ManifestContentResult.DigestHeader] = digest.ToString();
        if (manifest.Subject is { } subject)
        {
            // Tells the client the registry processed the subject (referrers API), so it skips the tag schema.
            headers[SubjectHeader] = subject.Digest.ToString();
        }
        foreach (var tag in tags)
        {
            // end-7b: one OCI-Tag per tag accepted from the query.
            if (queryTags.Contains(tag))
            {
                headers.Append(TagHeader, tag);
            }
        }
        http.Response.ContentLength = 0;
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    /// <summary>The reference tag (if any) plus the <c>?tag=</c> values, distinct; null if one is not a valid tag.</summary>
    private static List<string>? CollectTags(string? referenceTag, StringValues queryTags, out string error)
    {
        error = "";
        var tags = new List<string>(queryTags.Count + 1);
        if (referenceTag is not null)
        {
            tags.Add(referenceTag);
        }
        foreach (var tag in queryTags)
        {
            if (!TagName.IsValid(tag))
            {
                error = "invalid tag parameter: tags must match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}";
                return null;
            }
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }
        return tags;
    }
}
