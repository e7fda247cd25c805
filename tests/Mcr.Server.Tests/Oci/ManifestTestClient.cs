using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;

namespace Mcr.Server.Tests.Oci;

/// <summary>A manifest as pushed by a test: its bytes, media type and digest.</summary>
public sealed record PushedManifest(byte[] Content, string MediaType, Digest Digest)
{
    public TestDescriptor Descriptor => new(MediaType, Digest, Content.Length);
}

/// <summary>
/// Manifest steps on top of <see cref="OciTestClient"/> (which pushes the blobs): images, indexes and raw
/// manifest bodies over real HTTP, and the tag list. Assertions stay in the tests.
/// </summary>
public sealed class ManifestTestClient(OciTestClient oci)
{
    private readonly HttpClient _http = oci.Http;

    public HttpClient Http => _http;

    /// <summary>Uploads a blob into the repository and returns its descriptor.</summary>
    public async Task<TestDescriptor> PushBlobAsync(string repository, byte[] content, string mediaType = TestManifests.LayerType, DigestAlgorithm algorithm = DigestAlgorithm.Sha256)
    {
        var digest = await oci.PushBlobAsync(repository, content, algorithm);
        return new TestDescriptor(mediaType, Digest.Parse(digest), content.Length);
    }

    /// <summary>Pushes a config and one random layer, then an image manifest referencing them.</summary>
    public async Task<PushedManifest> PushImageAsync(string repository, string? tag = null, string mediaType = ManifestMediaTypes.OciManifest,
        TestDescriptor? subject = null, string? artifactType = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var docker = mediaType == ManifestMediaTypes.DockerManifest;
        var config = await PushBlobAsync(repository, OciTestClient.RandomBytes(64), docker ? TestManifests.DockerConfigType : ManifestMediaTypes.OciImageConfig);
        var layer = await PushBlobAsync(repository, OciTestClient.RandomBytes(256), docker ? TestManifests.DockerLayerType : TestManifests.LayerType);
        var content = TestManifests.Image(config, [layer], mediaType, artifactType, subject, annotations);
        return await PushManifestAsync(repository, content, mediaType, tag);
    }

    /// <summary>Pushes an index over the given children (which must already be in the repository).</summary>
    public Task<PushedManifest> PushIndexAsync(string repository, IEnumerable<TestDescriptor> children, string? tag = null,
        string mediaType = ManifestMediaTypes.OciIndex, TestDescriptor? subject = null, string? artifactType = null) =>
        PushManifestAsync(repository, TestManifests.Index(children, mediaType, artifactType, subject), mediaType, tag);

    /// <summary>PUTs the manifest by tag (or by digest when <paramref name="tag"/> is null) and asserts 201.</summary>
    public async Task<PushedManifest> PushManifestAsync(string repository, byte[] content, string mediaType, string? tag = null)
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        using var response = await PutManifestAsync(repository, tag ?? digest.ToString(), content, mediaType);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"manifest push answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new PushedManifest(content, mediaType, digest);
    }

    /// <summary>A raw manifest PUT; <paramref name="contentType"/> null sends none.</summary>
    public async Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, byte[] content, string? contentType, params string[] tags)
    {
        var query = tags.Length == 0 ? "" : "?" + string.Join('&', tags.Select(t => "tag=" + Uri.EscapeDataString(t)));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v2/{repository}/manifests/{reference}{query}") { Content = new ByteArrayContent(content) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return await _http.SendAsync(request);
    }

    /// <summary>GET or HEAD of a manifest with optional Accept values.</summary>
    public async Task<HttpResponseMessage> GetManifestAsync(string repository, string reference, bool head = false, params string[] accept)
    {
        using var request = new HttpRequestMessage(head ? HttpMethod.Head : HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        foreach (var value in accept)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(value));
        }
        return await _http.SendAsync(request);
    }

    /// <summary>The repository's tags (first page of up to 1000), or null when the repository is unknown (404).</summary>
    public async Task<IReadOnlyList<string>?> ListTagsAsync(string repository)
    {
        using var response = await _http.GetAsync($"/v2/{repository}/tags/list");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];
    }

    /// <summary>The <c>code</c> of the first error in an OCI error body.</summary>
    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("errors")[0].GetProperty("code").GetString()!;
    }
}
