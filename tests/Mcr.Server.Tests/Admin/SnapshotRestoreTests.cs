using System.Net;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;
using Mcr.Testing;

namespace Mcr.Server.Tests.Admin;

/// <summary>
/// The documented restore procedure works: push, snapshot through the API, stop the server, copy the snapshot
/// over the database file, delete the <c>-wal</c> and <c>-shm</c> files, start a server on the same data, pull.
/// </summary>
public sealed class SnapshotRestoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restore_FromRestSnapshot_PullsImageBackByteIdentical()
    {
        using var data = new TempDirectory("mcr-restore");
        var databasePath = data.Combine("mcr.db");
        const string repository = "restore/app";
        var config = OciTestClient.RandomBytes(100);
        var layer = OciTestClient.RandomBytes(300_000);
        PushedManifest image;
        PushedManifest later;
        string snapshot;

        await using (var first = await StartAsync(data))
        {
            using var admin = first.CreateClient(await first.GetTokenAsync());
            var client = new ManifestTestClient(new OciTestClient(admin));
            var configDescriptor = await client.PushBlobAsync(repository, config, Core.Manifests.ManifestMediaTypes.OciImageConfig);
            var layerDescriptor = await client.PushBlobAsync(repository, layer);
            image = await client.PushManifestAsync(repository,
                TestManifests.Image(configDescriptor, [layerDescriptor]), Core.Manifests.ManifestMediaTypes.OciManifest, "v1");

            using var response = await admin.PostAsync("/v1/snapshot", null);
            snapshot = (await AdminApi.ReadAsync(response, HttpStatusCode.Created)).GetProperty("path").GetString()!;

            // pushed after the snapshot: the restore rolls it back
            later = await client.PushImageAsync(repository, "v2");
        }

        // the restore procedure (the server is stopped)
        File.Copy(snapshot, databasePath, overwrite: true);
        File.Delete(databasePath + "-wal");
        File.Delete(databasePath + "-shm");

        await using var second = await StartAsync(data);
        using var restored = second.CreateClient(await second.GetTokenAsync());
        var pull = new ManifestTestClient(new OciTestClient(restored));
        using (var manifest = await pull.GetManifestAsync(repository, "v1"))
        {
            Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
            Assert.Equal(image.Content, await manifest.Content.ReadAsByteArrayAsync());
            Assert.Equal(image.Digest.ToString(), OciTestClient.Header(manifest, "Docker-Content-Digest"));
        }
        Assert.Equal(config, await restored.GetByteArrayAsync($"/v2/{repository}/blobs/{OciTestClient.DigestOf(config)}"));
        Assert.Equal(layer, await restored.GetByteArrayAsync($"/v2/{repository}/blobs/{OciTestClient.DigestOf(layer)}"));
        Assert.Equal(["v1"], await pull.ListTagsAsync(repository));
        using (var gone = await pull.GetManifestAsync(repository, later.Digest.ToString()))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
    }

    /// <summary>A server whose database and storage live in <paramref name="data"/>, so a second one finds them.</summary>
    private Task<McrTestServer> StartAsync(TempDirectory data) =>
        McrTestServer.StartAsync(output, options =>
        {
            options.Database.Path = data.Combine("mcr.db");
            options.Storage.LayersPath = data.Combine("layers");
            options.Storage.UploadsPath = data.Combine("uploads");
        });
}
