using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Mcr.Core.Digests;

namespace Mcr.Server.Tests.Oci;

/// <summary>Small OCI client steps for tests: start an upload, push a blob, check an error body.</summary>
public sealed class OciTestClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static byte[] RandomBytes(int size) => RandomNumberGenerator.GetBytes(size);

    public static string DigestOf(byte[] content, DigestAlgorithm algorithm = DigestAlgorithm.Sha256) =>
        Digest.Compute(algorithm, content).ToString();

    /// <summary>An <c>application/octet-stream</c> body, with a raw (unvalidated) Content-Range when given.</summary>
    public static ByteArrayContent Octets(byte[] content, string? contentRange = null)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (contentRange is not null)
        {
            Assert.True(body.Headers.TryAddWithoutValidation("Content-Range", contentRange));
        }
        return body;
    }

    /// <summary>POST /v2/&lt;name&gt;/blobs/uploads/ and returns the session's Location (asserts 202).</summary>
    public async Task<string> StartUploadAsync(string repository)
    {
        using var response = await Http.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>POST then PUT with the whole body; returns the digest (asserts 201).</summary>
    public async Task<string> PushBlobAsync(string repository, byte[] content, DigestAlgorithm algorithm = DigestAlgorithm.Sha256)
    {
        var digest = DigestOf(content, algorithm);
        var location = await StartUploadAsync(repository);
        using var response = await Http.PutAsync(WithDigest(location, digest), Octets(content));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return digest;
    }

    /// <summary>Appends <c>digest=</c> to a location that may already have a query.</summary>
    public static string WithDigest(string location, string digest) =>
        location + (location.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest);

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : "";

    /// <summary>Asserts the status and the OCI error code of the first entry of the body.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, body.RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
    }
}
