using Mcr.Core.Digests;
using Mcr.Infrastructure.Gc;
using Mcr.Infrastructure.Registry;
using static Mcr.Infrastructure.Tests.Gc.GcTestContext;

namespace Mcr.Infrastructure.Tests.Gc;

public sealed class GarbageCollectorTests : IAsyncLifetime
{
    private static readonly TimeSpan _pastGrace = TimeSpan.FromHours(2);

    private readonly GcTestContext _gc = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _gc.DisposeAsync();

    [Fact]
    public async Task CollectAsync_UnreferencedBlobs_RemovesRowsAndFilesKeepsReferenced()
    {
        var config = await _gc.StoreBlobAsync("team/app", Bytes(64));
        var layer = await _gc.StoreBlobAsync("team/app", Bytes(256));
        await _gc.PushImageAsync("team/app", config, [layer], "v1");
        var unlinked = await _gc.StoreBlobAsync("team/app", Bytes(300));
        Assert.Equal(BlobUnlinkResult.Unlinked, await _gc.Blobs.UnlinkAsync("team/app", unlinked));
        // Uploaded but never used by a manifest: its link stops protecting it once the grace period is over.
        var linkedOnly = await _gc.StoreBlobAsync("team/app", Bytes(32));
        _gc.Time.Advance(_pastGrace);

        var report = await _gc.CollectAsync();

        Assert.Equal(GcRunKind.Collect, report.Kind);
        Assert.Equal(2, report.BlobsRemoved);
        Assert.Equal(2, report.FilesRemoved);
        Assert.Equal(332, report.BytesFreed);
        Assert.Equal(new GcKept(Referenced: 2, WithinGrace: 0), report.Kept);
        foreach (var gone in new[] { unlinked, linkedOnly })
        {
            Assert.False(await _gc.RowExistsAsync(gone));
            Assert.False(_gc.FileExists(gone));
        }
        foreach (var kept in new[] { config, layer })
        {
            Assert.True(await _gc.RowExistsAsync(kept));
            Assert.True(_gc.FileExists(kept));
        }
    }

    [Fact]
    public async Task CollectAsync_FourOfFiveImagesDeletedByManifestDigest_FreesTheirBlobs()
    {
        // CI pushes an image per commit and deletes old ones by manifest digest, never touching the blobs.
        var images = new List<(ManifestRecord Manifest, Digest Config, Digest Layer)>();
        for (var i = 0; i < 5; i++)
        {
            var config = await _gc.StoreBlobAsync("ci/app", Bytes(20 + i));
            var layer = await _gc.StoreBlobAsync("ci/app", Bytes(1000 + i));
            images.Add((await _gc.PushImageAsync("ci/app", config, [layer], $"build-{i}"), config, layer));
        }
        _gc.Time.Advance(_pastGrace);
        foreach (var (manifest, _, _) in images.Take(4))
        {
            Assert.Equal(DeleteResult.Deleted, await _gc.Manifests.DeleteAsync("ci/app", manifest.Digest));
        }

        var report = await _gc.CollectAsync();

        Assert.Equal(8, report.BlobsRemoved);
        Assert.Equal(8, report.FilesRemoved);
        Assert.Equal((20 + 21 + 22 + 23) + (1000 + 1001 + 1002 + 1003), report.BytesFreed);
        Assert.Equal(0, report.ManifestsRemoved);
        Assert.Equal(new GcKept(Referenced: 2, WithinGrace: 0), report.Kept);
        Assert.All(images.Take(4), i => Assert.False(_gc.FileExists(i.Config) || _gc.FileExists(i.Layer)));
        Assert.True(_gc.FileExists(images[4].Config) && _gc.FileExists(images[4].Layer));
        Assert.NotNull(await _gc.Manifests.GetByTagAsync("ci/app", "build-4"));
    }

    [Fact]
    public async Task CollectAsync_PushThatSkipsAnExistingBlob_KeepsItThroughTheGracePeriod()
    {
        // A blob from a deleted image, long unreferenced: garbage, unless a client learns it exists.
        var layer = await _gc.StoreBlobAsync("ci/app", Bytes(700));
        var oldConfig = await _gc.StoreBlobAsync("ci/app", Bytes(30));
        var old = await _gc.PushImageAsync("ci/app", oldConfig, [layer]);
        Assert.Equal(DeleteResult.Deleted, await _gc.Manifests.DeleteAsync("ci/app", old.Digest));
        _gc.Time.Advance(_pastGrace);

        // The next push HEADs the layer (found: it skips the upload), uploads only a new config…
        Assert.Equal(700, await _gc.Blobs.CanReadAsync("ci/app", layer));
        Assert.True(await _gc.Blobs.TouchAsync(layer));
        var config = await _gc.StoreBlobAsync("ci/app", Bytes(31));
        // …and GC runs before its manifest arrives, almost a grace period later.
        _gc.Time.Advance(TimeSpan.FromMinutes(59));
        var report = await _gc.CollectAsync();

        Assert.Equal(1, report.BlobsRemoved); // the old config only
        Assert.Equal(new GcKept(Referenced: 0, WithinGrace: 2), report.Kept);
        var pushed = await _gc.PushImageAsync("ci/app", config, [layer], "next");
        Assert.True(_gc.FileExists(layer));
        _gc.Time.Advance(_pastGrace);
        Assert.Equal(0, (await _gc.CollectAsync()).BlobsRemoved);
        Assert.All(pushed.RequiredBlobs, d => Assert.True(_gc.FileExists(d)));
    }

    [Fact]
    public async Task CollectAsync_MountOrReupload_RenewsTheGracePeriod()
    {
        var layer = await _gc.StoreBlobAsync("alpha/app", Bytes(90));
        _gc.Time.Advance(_pastGrace);
        Assert.Equal(90, await _gc.Blobs.MountAsync("alpha/app", "beta/app", layer));
        _gc.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(new GcKept(0, 1), (await _gc.CollectAsync()).Kept);

        _gc.Time.Advance(_pastGrace);
        await _gc.Blobs.RegisterUploadedBlobAsync("alpha/app", layer, 90);
        _gc.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, (await _gc.CollectAsync()).BlobsRemoved);

        _gc.Time.Advance(_pastGrace);
        Assert.Equal(1, (await _gc.CollectAsync()).BlobsRemoved);
        Assert.False(_gc.FileExists(layer));
    }

    [Fact]
    public async Task CollectAsync_NothingToCollect_ReportsZero()
    {
        var report = await _gc.CollectAsync();

        Assert.Equal((0, 0, 0), (report.BlobsRemoved, report.BytesFreed, report.FilesRemoved));
    }

    [Fact]
    public async Task CollectAsync_BlobSharedByTwoRepositories_SurvivesOneManifestDeleteAndGoesWithBoth()
    {
        var shared = await _gc.StoreBlobAsync("alpha/app", Bytes(500));
        await _gc.StoreBlobAsync("beta/app", await File.ReadAllBytesAsync(_gc.BlobPath(shared)));
        var alphaConfig = await _gc.StoreBlobAsync("alpha/app", Bytes(10));
        var betaConfig = await _gc.StoreBlobAsync("beta/app", Bytes(11));
        var alpha = await _gc.PushImageAsync("alpha/app", alphaConfig, [shared], "v1");
        var beta = await _gc.PushImageAsync("beta/app", betaConfig, [shared], "v1");
        _gc.Time.Advance(_pastGrace);

        // What an OCI client does to delete an image: the manifest, then its blobs.
        await DeleteImageAsync("alpha/app", alpha.Digest, alphaConfig, shared);
        var first = await _gc.CollectAsync();

        Assert.Equal(1, first.BlobsRemoved);
        Assert.False(await _gc.RowExistsAsync(alphaConfig));
        Assert.True(await _gc.RowExistsAsync(shared));
        Assert.True(_gc.FileExists(shared));
        Assert.Equal(500, await _gc.Blobs.CanReadAsync("beta/app", shared));

        await DeleteImageAsync("beta/app", beta.Digest, betaConfig, shared);
        var second = await _gc.CollectAsync();

        Assert.Equal(2, second.BlobsRemoved);
        Assert.Equal(511, second.BytesFreed);
        Assert.False(await _gc.RowExistsAsync(shared));
        Assert.False(_gc.FileExists(shared));
    }

    [Fact]
    public async Task CollectAsync_DeletedRepository_FreesExactlyWhatNoOtherRepositoryReferences()
    {
        var shared = await _gc.StoreBlobAsync("alpha/app", Bytes(500));
        await _gc.Blobs.MountAsync("alpha/app", "beta/app", shared);
        var alphaOnly = new[] { await _gc.StoreBlobAsync("alpha/app", Bytes(10)), await _gc.StoreBlobAsync("alpha/app", Bytes(700)) };
        var betaConfig = await _gc.StoreBlobAsync("beta/app", Bytes(12));
        await _gc.PushImageAsync("alpha/app", alphaOnly[0], [alphaOnly[1], shared], "v1");
        await _gc.PushImageAsync("beta/app", betaConfig, [shared], "v1");
        _gc.Time.Advance(_pastGrace);
        Assert.Equal(0, (await _gc.CollectAsync()).BlobsRemoved);

        Assert.NotNull(await _gc.Repositories.DeleteAsync("alpha/app"));
        var report = await _gc.CollectAsync();

        Assert.Equal(2, report.BlobsRemoved);
        Assert.Equal(710, report.BytesFreed);
        Assert.All(alphaOnly, d => Assert.False(_gc.FileExists(d)));
        Assert.True(_gc.FileExists(shared));
        Assert.True(_gc.FileExists(betaConfig));
    }

    [Fact]
    public async Task CollectAsync_GracePeriod_SparesRecentlySeenBlobsUntilItPasses()
    {
        var digest = await _gc.StoreBlobAsync("team/app", Bytes(40));
        await _gc.Blobs.UnlinkAsync("team/app", digest);

        _gc.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(0, (await _gc.CollectAsync()).BlobsRemoved);
        // A client learns the blob exists (HEAD/GET): protection renewed from now.
        Assert.True(await _gc.Blobs.TouchAsync(digest));
        _gc.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, (await _gc.CollectAsync()).BlobsRemoved);
        Assert.True(_gc.FileExists(digest));

        _gc.Time.Advance(TimeSpan.FromMinutes(2));
        var report = await _gc.CollectAsync();

        Assert.Equal(1, report.BlobsRemoved);
        Assert.False(_gc.FileExists(digest));
    }

    [Fact]
    public async Task CollectAsync_GracePeriodZero_CollectsEveryUnreferencedBlobAtOnce()
    {
        _gc.Options.GracePeriod = TimeSpan.Zero;
        var config = await _gc.StoreBlobAsync("team/app", Bytes(39));
        var layer = await _gc.StoreBlobAsync("team/app", Bytes(38));
        await _gc.PushImageAsync("team/app", config, [layer], "v1");
        var linked = await _gc.StoreBlobAsync("team/app", Bytes(40));
        var unlinked = await _gc.StoreBlobAsync("team/app", Bytes(41));
        await _gc.Blobs.UnlinkAsync("team/app", unlinked);
        _gc.Time.Advance(TimeSpan.FromTicks(10));

        var report = await _gc.CollectAsync();

        Assert.Equal(2, report.BlobsRemoved);
        Assert.Equal(new GcKept(Referenced: 2, WithinGrace: 0), report.Kept);
        Assert.False(_gc.FileExists(linked));
        Assert.False(_gc.FileExists(unlinked));
        Assert.True(_gc.FileExists(layer));
    }

    [Fact]
    public async Task CollectAsync_AnotherRunHoldsTheLock_BusyAndNothingRemoved()
    {
        var digest = await _gc.StoreBlobAsync("team/app", Bytes(40));
        await _gc.Blobs.UnlinkAsync("team/app", digest);
        _gc.Time.Advance(_pastGrace);
        using var other = await _gc.Lock.TryEnterCollectAsync();
        Assert.NotNull(other);

        Assert.IsType<GcOutcome.Busy>(await _gc.Collector.CollectAsync());
        Assert.IsType<GcOutcome.Busy>(await _gc.Reconciler.ReconcileAsync());
        Assert.True(_gc.FileExists(digest));
    }

    [Fact]
    public async Task CollectAsync_Cancelled_ThrowsAndRemovesNothing()
    {
        var digest = await _gc.StoreBlobAsync("team/app", Bytes(40));
        await _gc.Blobs.UnlinkAsync("team/app", digest);
        _gc.Time.Advance(_pastGrace);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _gc.Collector.CollectAsync(cancellationToken: new CancellationToken(true)));

        Assert.True(await _gc.RowExistsAsync(digest));
        Assert.True(_gc.FileExists(digest));
    }

    private async Task DeleteImageAsync(string repository, Digest manifest, params Digest[] blobs)
    {
        Assert.Equal(DeleteResult.Deleted, await _gc.Manifests.DeleteAsync(repository, manifest));
        foreach (var blob in blobs)
        {
            Assert.Equal(BlobUnlinkResult.Unlinked, await _gc.Blobs.UnlinkAsync(repository, blob));
        }
    }
}
