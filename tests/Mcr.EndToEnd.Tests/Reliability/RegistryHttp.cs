using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Images;

namespace Mcr.EndToEnd.Tests.Reliability;

/// <summary>An image a reliability test pushed: its manifest bytes and every blob's bytes.</summary>
public sealed record PushedImage(string Repository, string Tag, byte[] Manifest, IReadOnlyList<byte[]> Blobs)
{
    public string Digest => RegistryHttp.DigestOf(Manifest);
}

/// <summary>An upload session a crash interrupted: where it lives and the whole blob it was meant to hold.</summary>
public sealed record InterruptedUpload(string Repository, string Location, byte[] Content);

/// <summary>
/// The OCI push and pull steps of the reliability suites over plain HTTP, against a real <c>mcrsrv</c> with an
/// admin bearer token: monolithic (POST + PUT) and chunked (POST, PATCH…, PUT) blob uploads, manifest PUT,
/// DELETE, and a byte-for-byte pull check. Status codes other than the protocol's fail the test.
/// </summary>
public sealed class RegistryHttp(HttpClient http)
{
    public const int ChunkSize = 64 * 1024;

    public HttpClient Http => http;

    public static async Task<RegistryHttp> LoginAsync(McrProcess server)
    {
        var client = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=mcr");
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{server.AdminUser}:{server.AdminPassword}")));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("token").GetString());
        return new RegistryHttp(client);
    }

    public static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>POST a session; its Location.</summary>
    public async Task<string> StartUploadAsync(string repository)
    {
        using var response = await http.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"upload POST answered {(int)response.StatusCode}");
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>
    /// Uploads into an open session from <paramref name="offset"/>: whole (one PUT) or in <see cref="ChunkSize"/>
    /// PATCHes then a closing PUT. <paramref name="progress"/> learns each acknowledged location.
    /// </summary>
    public async Task UploadAsync(string location, byte[] content, bool chunked, long offset = 0, Action<string>? progress = null)
    {
        if (chunked)
        {
            while (offset < content.Length)
            {
                var length = (int)Math.Min(ChunkSize, content.Length - offset);
                using var body = Octets(content.AsMemory((int)offset, length).ToArray());
                body.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
                using var patch = await http.PatchAsync(location, body);
                Assert.True(patch.StatusCode == HttpStatusCode.Accepted, $"PATCH answered {(int)patch.StatusCode}: {await patch.Content.ReadAsStringAsync()}");
                location = patch.Headers.Location!.OriginalString;
                progress?.Invoke(location);
                offset += length;
            }
        }
        using var put = await http.PutAsync(WithDigest(location, DigestOf(content)),
            Octets(chunked ? [] : content.AsMemory((int)offset).ToArray()));
        Assert.True(put.StatusCode == HttpStatusCode.Created, $"upload PUT answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// After a restart: asks for the session's status and finishes it from the offset the server kept (true), or
    /// sees that the server dropped it with 404 <c>BLOB_UPLOAD_UNKNOWN</c> (false).
    /// </summary>
    public async Task<bool> ResumeAsync(InterruptedUpload upload)
    {
        using var status = await http.GetAsync(upload.Location);
        if (status.StatusCode == HttpStatusCode.NotFound)
        {
            Assert.Equal("BLOB_UPLOAD_UNKNOWN", await ErrorCodeAsync(status));
            return false;
        }
        Assert.True(status.StatusCode == HttpStatusCode.NoContent, $"upload status answered {(int)status.StatusCode}");
        var range = status.Headers.GetValues("Range").Single();
        // "0-0" is how registries report an empty session; this suite's chunks never leave exactly one byte.
        var offset = range == "0-0" ? 0
            : long.Parse(range[(range.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture) + 1;
        Assert.InRange(offset, 0, upload.Content.Length);
        await UploadAsync(status.Headers.Location?.OriginalString ?? upload.Location, upload.Content, chunked: true, offset);
        return true;
    }

    /// <summary>PUTs an image manifest over already uploaded blobs; 201 or the test fails.</summary>
    public async Task<PushedImage> PushManifestAsync(string repository, string tag, byte[] config, IReadOnlyList<byte[]> layers)
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.ImageManifest,
            ["config"] = new Descriptor(MediaTypes.ImageConfig, DigestOf(config), config.Length).ToJson(),
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)new Descriptor(MediaTypes.LayerGzip, DigestOf(l), l.Length).ToJson())]),
        };
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.ImageManifest);
        using var response = await http.PutAsync($"/v2/{repository}/manifests/{tag}", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"manifest PUT answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new PushedImage(repository, tag, bytes, [config, .. layers]);
    }

    public async Task DeleteManifestAsync(PushedImage image)
    {
        using var response = await http.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Digest}");
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"manifest DELETE answered {(int)response.StatusCode}");
    }

    /// <summary>The manifest by tag and every blob, byte-identical to what was pushed.</summary>
    public async Task AssertPullsBackAsync(PushedImage image)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{image.Repository}/manifests/{image.Tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypes.ImageManifest));
        using var manifest = await http.SendAsync(request);
        Assert.True(manifest.StatusCode == HttpStatusCode.OK, $"{image.Repository}:{image.Tag} answered {(int)manifest.StatusCode}");
        Assert.Equal(image.Manifest, await manifest.Content.ReadAsByteArrayAsync());
        foreach (var blob in image.Blobs)
        {
            await AssertBlobAsync(image.Repository, blob);
        }
    }

    public async Task AssertBlobAsync(string repository, byte[] blob)
    {
        using var response = await http.GetAsync($"/v2/{repository}/blobs/{DigestOf(blob)}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{repository} blob {DigestOf(blob)} answered {(int)response.StatusCode}");
        Assert.Equal(blob, await response.Content.ReadAsByteArrayAsync());
    }

    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("errors")[0].GetProperty("code").GetString();
    }

    private static ByteArrayContent Octets(byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return body;
    }

    private static string WithDigest(string location, string digest) =>
        location + (location.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest);
}
