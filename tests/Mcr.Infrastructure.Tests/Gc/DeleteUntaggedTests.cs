using Mcr.Core.Digests;
using Mcr.Infrastructure.Gc;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Tests.Registry;
using static Mcr.Infrastructure.Tests.Gc.GcTestContext;

namespace Mcr.Infrastructure.Tests.Gc;

public sealed class DeleteUntaggedTests : IAsyncLifetime
{
    private const string Repo = "team/app";

    private readonly GcTestContext _gc = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _gc.DisposeAsync();

    [Fact]
    public async Task CollectAsync_DeleteUntagged_RemovesUntaggedManifestsAndTheirBlobsInOneRun()
    {
        var shared = await _gc.StoreBlobAsync(Repo, Bytes(100));
        var tagged = await PushImageAsync(shared, "v1");
        var untaggedBlobs = new[] { await _gc.StoreBlobAsync(Repo, Bytes(20)), await _gc.StoreBlobAsync(Repo, Bytes(30)) };
        var untagged = await _gc.PushImageAsync(Repo, untaggedBlobs[0], [untaggedBlobs[1], shared]);
        _gc.Time.Advance(TimeSpan.FromHours(2));
        Assert.NotNull(await _gc.Manifests.GetAsync(Repo, untagged.Digest)); // now in the manifest cache

        // Without the option, a manifest (tagged or not) and its blobs are kept.
        Assert.Equal(0, (await _gc.CollectAsync()).BlobsRemoved);
        var report = await _gc.CollectAsync(deleteUntagged: true);

        Assert.Equal(1, report.ManifestsRemoved);
        Assert.Equal(2, report.BlobsRemoved);
        Assert.Equal(50, report.BytesFreed);
        Assert.Null(await _gc.Manifests.GetAsync(Repo, untagged.Digest));
        Assert.NotNull(await _gc.Manifests.GetByTagAsync(Repo, "v1"));
        Assert.All(untaggedBlobs, d => Assert.False(_gc.FileExists(d)));
        Assert.True(_gc.FileExists(shared));
        Assert.All(tagged.RequiredBlobs, d => Assert.True(_gc.FileExists(d)));
    }

    [Fact]
    public async Task CollectAsync_DeleteUntagged_KeepsIndexChildrenReferrersAndRecentPushes()
    {
        var tagged = await PushImageAsync(null, "v1");
        var child = await PushImageAsync(null);
        var index = RegistryTestContext.Index([child.Digest]);
        Assert.IsType<ManifestPushResult.Stored>(await _gc.Manifests.PushAsync(Repo, index, ["multi"]));
        var signatureConfig = await _gc.StoreBlobAsync(Repo, Bytes(5));
        var signature = RegistryTestContext.Image(signatureConfig, [], subject: tagged.Digest, artifactType: "application/example.sig");
        Assert.IsType<ManifestPushResult.Stored>(await _gc.Manifests.PushAsync(Repo, signature, []));
        _gc.Time.Advance(TimeSpan.FromHours(2));
        // Pushed by digest moments ago: its tag or index may still be on the way.
        var recent = await PushImageAsync(null);

        var report = await _gc.CollectAsync(deleteUntagged: true);

        Assert.Equal(0, report.ManifestsRemoved);
        Assert.Equal(0, report.BlobsRemoved);
        foreach (var digest in new[] { tagged.Digest, child.Digest, index.Digest, signature.Digest, recent.Digest })
        {
            Assert.NotNull(await _gc.Manifests.GetAsync(Repo, digest));
        }
    }

    [Fact]
    public async Task CollectAsync_DeleteUntaggedIndex_RemovesItsChildrenAndReferrersInTheSameRun()
    {
        var child = await PushImageAsync(null);
        var index = RegistryTestContext.Index([child.Digest]);
        Assert.IsType<ManifestPushResult.Stored>(await _gc.Manifests.PushAsync(Repo, index, []));
        var sbomConfig = await _gc.StoreBlobAsync(Repo, Bytes(7));
        var sbom = RegistryTestContext.Image(sbomConfig, [], subject: index.Digest, artifactType: "application/example.sbom");
        Assert.IsType<ManifestPushResult.Stored>(await _gc.Manifests.PushAsync(Repo, sbom, []));
        _gc.Time.Advance(TimeSpan.FromHours(2));

        var report = await _gc.CollectAsync(deleteUntagged: true);

        Assert.Equal(3, report.ManifestsRemoved);
        Assert.Equal(3, report.BlobsRemoved);
        Assert.Equal(0, await _gc.CountAsync("manifests"));
        Assert.Equal(0, await _gc.CountAsync("blobs"));
    }

    [Fact]
    public async Task CollectAsync_DeleteUntagged_KeepsUploadsOfAPushInProgress()
    {
        var image = await PushImageAsync(null, "v1");
        _gc.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(DeleteResult.Deleted, await _gc.Manifests.DeleteAsync(Repo, image.Digest));
        var fresh = await _gc.StoreBlobAsync(Repo, Bytes(9));

        var report = await _gc.CollectAsync(deleteUntagged: true);

        Assert.Equal(0, report.ManifestsRemoved);
        Assert.Equal(2, report.BlobsRemoved);
        Assert.All(image.RequiredBlobs, d => Assert.False(_gc.FileExists(d)));
        // An upload within the grace period belongs to a push in progress.
        Assert.Equal(9, await _gc.Blobs.CanReadAsync(Repo, fresh));
        Assert.Equal(new GcKept(0, 1), report.Kept);
    }

    private async Task<ManifestRecord> PushImageAsync(Digest? extraLayer, params string[] tags)
    {
        var config = await _gc.StoreBlobAsync(Repo, Bytes(16));
        var layer = await _gc.StoreBlobAsync(Repo, Bytes(64));
        return await _gc.PushImageAsync(Repo, config, extraLayer is { } e ? [layer, e] : [layer], tags);
    }
}
