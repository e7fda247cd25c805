using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mcr.Core.Manifests;
using Mcr.Infrastructure.Gc;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Admin;

/// <summary>An image pushed over HTTP by a GC test: where, under which tag, its manifest bytes and every blob's bytes.</summary>
public sealed record GcTestImage(string Repository, string Tag, PushedManifest Manifest, IReadOnlyList<byte[]> Blobs)
{
    /// <summary>Uploads the config and layers (each upload a real POST + PUT), then PUTs the manifest by tag.</summary>
    public static async Task<GcTestImage> PushAsync(HttpClient http, string repository, string tag, byte[] config, params byte[][] layers)
    {
        var client = new ManifestTestClient(new OciTestClient(http));
        var configDescriptor = await client.PushBlobAsync(repository, config, ManifestMediaTypes.OciImageConfig);
        var layerDescriptors = new List<TestDescriptor>();
        foreach (var layer in layers)
        {
            layerDescriptors.Add(await client.PushBlobAsync(repository, layer));
        }
        var content = TestManifests.Image(configDescriptor, layerDescriptors);
        var manifest = await client.PushManifestAsync(repository, content, ManifestMediaTypes.OciManifest, tag);
        return new GcTestImage(repository, tag, manifest, [config, .. layers]);
    }

    /// <summary>Pulls the manifest by tag and every blob, asserting each is byte-identical to what was pushed.</summary>
    public async Task AssertPullsBackAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{Repository}/manifests/{Tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestMediaTypes.OciManifest));
        using var manifest = await http.SendAsync(request);
        Assert.True(manifest.StatusCode == HttpStatusCode.OK, $"{Repository}:{Tag} manifest answered {(int)manifest.StatusCode}");
        Assert.Equal(Manifest.Content, await manifest.Content.ReadAsByteArrayAsync());
        foreach (var blob in Blobs)
        {
            var digest = OciTestClient.DigestOf(blob);
            using var response = await http.GetAsync($"/v2/{Repository}/blobs/{digest}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{Repository} blob {digest} answered {(int)response.StatusCode}");
            Assert.Equal(blob, await response.Content.ReadAsByteArrayAsync());
        }
    }
}

/// <summary>Steps the GC endpoint tests share.</summary>
internal static class GcTestSteps
{
    /// <summary>Total size of the blob files on disk.</summary>
    public static long LayersBytes(McrTestServer server) =>
        Directory.EnumerateFiles(server.Options.Storage.LayersPath, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    public static int LayersFiles(McrTestServer server) =>
        Directory.EnumerateFiles(server.Options.Storage.LayersPath, "*", SearchOption.AllDirectories).Count();

    /// <summary>POST /v1/gc (202 expected), waits for the run and returns the status body's <c>last_run</c>.</summary>
    public static async Task<JsonElement> RunGcAsync(McrTestServer server, HttpClient admin, string path = "/v1/gc")
    {
        using var response = await admin.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        await server.Services.GetRequiredService<GcCoordinator>().WaitForIdleAsync();
        var status = await GetStatusAsync(admin);
        var last = status.GetProperty("last_run");
        Assert.Equal(id, last.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("error").ValueKind);
        return last;
    }

    public static async Task<JsonElement> GetStatusAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/v1/gc/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
