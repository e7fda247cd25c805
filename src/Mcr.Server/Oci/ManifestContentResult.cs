using Mcr.Infrastructure.Observability;
using Mcr.Infrastructure.Registry;

namespace Mcr.Server.Oci;

/// <summary>
/// The answer to a manifest GET/HEAD: 200 with the stored bytes exactly as pushed, <c>Content-Type</c> the
/// media type they were pushed with (never converted, whatever <c>Accept</c> says), <c>Content-Length</c>,
/// <c>Docker-Content-Digest</c> and <c>ETag</c>. HEAD gets the same headers and no body. A matching
/// <c>If-None-Match</c> gets 304. The bytes go straight to the response body: no copy, no serializer.
/// </summary>
internal sealed class ManifestContentResult(StoredManifest manifest, bool writeBody, RegistryMetrics metrics) : IResult
{
    public const string DigestHeader = "Docker-Content-Digest";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var etag = manifest.ETag;
        response.Headers[DigestHeader] = manifest.DigestText;
        response.Headers.ETag = etag;
        if (httpContext.Request.Headers.IfNoneMatch is { Count: > 0 } ifNoneMatch && Matches(ifNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = manifest.MediaType;
        response.ContentLength = manifest.Content.Length;
        if (!writeBody)
        {
            return Task.CompletedTask;
        }
        metrics.ManifestSent(manifest.Content.Length);
        return response.Body.WriteAsync(manifest.Content, httpContext.RequestAborted).AsTask();
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || string.Equals(candidate, etag, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
