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
    public async Task CollectAsync_UnreferencedBlob_RemovesRowAndFileKeepsReferencedAndLinked()
    {
        var config = await _gc.StoreBlobAsync("team/app", Bytes(64));
        var layer = await _gc.StoreBlobAsync("team/app", Bytes(256));
        await _gc.PushImageAsync("team/app", config, [layer], "v1");
        var garbage = Bytes(300);
        var unlinked = await _gc.StoreBlobAsync("team/app", garbage);
        Assert.Equal(BlobUnlinkResult.Unlinked, await _gc.Blobs.UnlinkAsync("team/app", unlinked));
        var linkedOnly = await _gc.StoreBlobAsync("team/app", Bytes(32));
        _gc.Time.Advance(_pastGrace);

        var report = await _gc.CollectAsync();

        Assert.Equal(GcRunKind.Collect, report.Kind);
        Assert.Equal(1, report.BlobsRemoved);
        Assert.Equal(1, report.FilesRemoved);
        Assert.Equal(garbage.Length, report.BytesFreed);
        Assert.False(await _gc.RowExistsAsync(unlinked));
        Assert.False(_gc.FileExists(unlinked));
        foreach (var kept in new[] { config, layer, linkedOnly })
        {
            Assert.True(await _gc.RowExistsAsync(kept));
            Assert.True(_gc.FileExists(kept));
        }
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
    public async Task CollectAsync_GracePeriodZero_CollectsAtOnceButNeverALinkedBlob()
    {
        _gc.Options.GracePeriod = TimeSpan.Zero;
        var linked = await _gc.StoreBlobAsync("team/app", Bytes(40));
        var unlinked = await _gc.StoreBlobAsync("team/app", Bytes(41));
        await _gc.Blobs.UnlinkAsync("team/app", unlinked);
        _gc.Time.Advance(TimeSpan.FromTicks(10));

        var report = await _gc.CollectAsync();

        Assert.Equal(1, report.BlobsRemoved);
        Assert.True(_gc.FileExists(linked));
        Assert.False(_gc.FileExists(unlinked));
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
