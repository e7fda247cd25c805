using System.Net;
using System.Text.Json;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;
using Mcr.Server.Tests.Admin;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Reliability;

/// <summary>
/// Pushes images the way podman and skopeo do: HEAD every blob first, upload only what is missing, then PUT
/// the manifest. A manifest refused with <c>MANIFEST_BLOB_UNKNOWN</c> (GC took a blob the push had seen,
/// possible only outside the grace period) is retried from the top, as a CI job would, and given up after
/// <see cref="MaxAttempts"/>. Any other answer than the protocol's is a failure; counts are kept for the test to print.
/// </summary>
internal sealed class SkippingPusher(HttpClient http)
{
    public const int MaxAttempts = 5;

    private int _skipped;
    private int _uploaded;
    private int _retries;
    private int _abandoned;

    public int Skipped => _skipped;

    public int Uploaded => _uploaded;

    public int Retries => _retries;

    public int Abandoned => _abandoned;

    /// <summary>The pushed image, or null when every attempt lost a blob to GC.</summary>
    public async Task<GcTestImage?> PushAsync(string repository, string tag, byte[] config, params byte[][] layers)
    {
        for (var attempt = 1; ; attempt++)
        {
            var configDescriptor = await EnsureBlobAsync(repository, config, ManifestMediaTypes.OciImageConfig);
            var layerDescriptors = new List<TestDescriptor>();
            foreach (var layer in layers)
            {
                layerDescriptors.Add(await EnsureBlobAsync(repository, layer, TestManifests.LayerType));
            }
            var content = TestManifests.Image(configDescriptor, layerDescriptors);
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/v2/{repository}/manifests/{tag}") { Content = new ByteArrayContent(content) };
            request.Content.Headers.ContentType = new(ManifestMediaTypes.OciManifest);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var manifest = new PushedManifest(content, ManifestMediaTypes.OciManifest, Digest.Compute(DigestAlgorithm.Sha256, content));
                return new GcTestImage(repository, tag, manifest, [config, .. layers]);
            }
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest && ErrorCode(body) == "MANIFEST_BLOB_UNKNOWN",
                $"manifest PUT {repository}:{tag} (attempt {attempt}) answered {(int)response.StatusCode}: {body}");
            if (attempt == MaxAttempts)
            {
                Interlocked.Increment(ref _abandoned);
                return null;
            }
            Interlocked.Increment(ref _retries);
        }
    }

    private async Task<TestDescriptor> EnsureBlobAsync(string repository, byte[] content, string mediaType)
    {
        var digest = OciTestClient.DigestOf(content);
        using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}")))
        {
            Assert.True(head.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"blob HEAD answered {(int)head.StatusCode}");
            if (head.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _skipped);
                return new TestDescriptor(mediaType, Digest.Parse(digest), content.Length);
            }
        }
        using var start = await http.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"upload POST answered {(int)start.StatusCode}");
        using var put = await http.PutAsync(OciTestClient.WithDigest(start.Headers.Location!.OriginalString, digest), OciTestClient.Octets(content));
        Assert.True(put.StatusCode == HttpStatusCode.Created, $"upload PUT answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        Interlocked.Increment(ref _uploaded);
        return new TestDescriptor(mediaType, Digest.Parse(digest), content.Length);
    }

    private static string? ErrorCode(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.GetProperty("errors")[0].GetProperty("code").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
