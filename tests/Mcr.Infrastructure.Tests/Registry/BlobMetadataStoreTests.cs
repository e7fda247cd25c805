using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Registry;
using static Mcr.Infrastructure.Tests.Registry.RegistryTestContext;

namespace Mcr.Infrastructure.Tests.Registry;

public sealed class BlobMetadataStoreTests : IDisposable
{
    private readonly RegistryTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public async Task RegisterUploadedBlob_NewRepository_CreatesRepositoryBlobAndLink()
    {
        var digest = DigestOf("hello");

        var record = await _ctx.Blobs.RegisterUploadedBlobAsync("team/app", digest, 5);

        Assert.Equal(digest, record.Digest);
        Assert.Equal(5, record.Size);
        Assert.Equal(_ctx.Time.GetUtcNow(), record.CreatedAt);
        Assert.Equal(_ctx.Time.GetUtcNow(), record.LastSeenAt);
        Assert.NotNull(await _ctx.Repositories.GetIdAsync("team/app"));
        Assert.Equal(record, await _ctx.Blobs.GetBlobAsync(digest));
        Assert.Equal(5, await _ctx.Blobs.CanReadAsync("team/app", digest));
    }

    [Fact]
    public async Task RegisterUploadedBlob_Again_KeepsCreatedAtRenewsLastSeenAndAddsOneRow()
    {
        var digest = DigestOf("hello");
        var first = await _ctx.Blobs.RegisterUploadedBlobAsync("a", digest, 5);
        _ctx.Time.Advance(TimeSpan.FromHours(2));

        var second = await _ctx.Blobs.RegisterUploadedBlobAsync("b", digest, 5);

        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(_ctx.Time.GetUtcNow(), second.LastSeenAt);
        Assert.Equal(1, await _ctx.CountAsync("blobs"));
        Assert.Equal(2, await _ctx.CountAsync("repository_blobs"));
    }

    [Fact]
    public async Task RegisterUploadedBlob_InvalidRepositoryName_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Blobs.RegisterUploadedBlobAsync("Bad/Name", DigestOf("x"), 1));
        Assert.Equal(0, await _ctx.CountAsync("blobs"));
    }

    [Fact]
    public async Task GetBlob_Unknown_Null()
    {
        Assert.Null(await _ctx.Blobs.GetBlobAsync(DigestOf("nothing")));
    }

    [Fact]
    public async Task CanRead_BlobUploadedToA_NotReadableFromB()
    {
        var digest = await _ctx.UploadAsync("a", "secret layer");
        await _ctx.Repositories.GetOrCreateAsync("b");

        Assert.NotNull(await _ctx.Blobs.CanReadAsync("a", digest));
        Assert.Null(await _ctx.Blobs.CanReadAsync("b", digest));
        Assert.Null(await _ctx.Blobs.CanReadAsync("missing", digest));
        Assert.Null(await _ctx.Blobs.CanReadAsync("a", DigestOf("other")));
    }

    [Fact]
    public async Task CanRead_ReferencedByManifestWithoutLink_Readable()
    {
        var manifest = await _ctx.PushImageAsync("a", "img");
        var layer = manifest.RequiredBlobs[1];
        Assert.Equal(BlobUnlinkResult.StillReferenced, await _ctx.Blobs.UnlinkAsync("a", layer));

        Assert.NotNull(await _ctx.Blobs.CanReadAsync("a", layer));
    }

    [Fact]
    public async Task Mount_SourceCanRead_LinksIntoTargetAndRenews()
    {
        var digest = await _ctx.UploadAsync("a", "shared");
        _ctx.Time.Advance(TimeSpan.FromHours(3));

        var size = await _ctx.Blobs.MountAsync("a", "b/new", digest);

        Assert.Equal(6, size);
        Assert.Equal(6, await _ctx.Blobs.CanReadAsync("b/new", digest));
        Assert.Equal(_ctx.Time.GetUtcNow(), (await _ctx.Blobs.GetBlobAsync(digest))!.LastSeenAt);
    }

    [Fact]
    public async Task Mount_ThroughManifestReference_Works()
    {
        var manifest = await _ctx.PushImageAsync("a", "img");
        var layer = manifest.RequiredBlobs[1];
        await _ctx.Blobs.UnlinkAsync("a", layer);

        Assert.NotNull(await _ctx.Blobs.MountAsync("a", "b", layer));
    }

    [Fact]
    public async Task Mount_SourceCannotRead_NullAndNothingWritten()
    {
        var digest = await _ctx.UploadAsync("a", "private");
        await _ctx.Repositories.GetOrCreateAsync("c");

        Assert.Null(await _ctx.Blobs.MountAsync("c", "d", digest));
        Assert.Null(await _ctx.Blobs.MountAsync("missing", "d", digest));
        Assert.Null(await _ctx.Blobs.MountAsync("a", "d", DigestOf("unknown")));

        Assert.Null(await _ctx.Repositories.GetIdAsync("d"));
        Assert.Null(await _ctx.Blobs.CanReadAsync("d", digest));
        Assert.Equal(1, await _ctx.CountAsync("repository_blobs"));
    }

    [Fact]
    public async Task Mount_TwiceOrIntoSameRepository_Idempotent()
    {
        var digest = await _ctx.UploadAsync("a", "x");

        Assert.NotNull(await _ctx.Blobs.MountAsync("a", "b", digest));
        Assert.NotNull(await _ctx.Blobs.MountAsync("a", "b", digest));
        Assert.NotNull(await _ctx.Blobs.MountAsync("a", "a", digest));

        Assert.Equal(2, await _ctx.CountAsync("repository_blobs"));
    }

    [Fact]
    public async Task Touch_WithinInterval_SkipsWrite()
    {
        var digest = await _ctx.UploadAsync("a", "x");
        var registered = _ctx.Time.GetUtcNow();
        _ctx.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.False(await _ctx.Blobs.TouchAsync(digest));

        Assert.Equal(registered, (await _ctx.Blobs.GetBlobAsync(digest))!.LastSeenAt);
    }

    [Fact]
    public async Task Touch_AfterInterval_RenewsLastSeen()
    {
        var digest = await _ctx.UploadAsync("a", "x");
        _ctx.Time.Advance(BlobMetadataStore.MaxTouchInterval + TimeSpan.FromSeconds(1));

        Assert.True(await _ctx.Blobs.TouchAsync(digest));

        Assert.Equal(_ctx.Time.GetUtcNow(), (await _ctx.Blobs.GetBlobAsync(digest))!.LastSeenAt);
    }

    [Fact]
    public async Task Touch_ShortGracePeriod_RenewsAfterASixtiethOfIt()
    {
        var digest = await _ctx.UploadAsync("a", "x");
        var blobs = new BlobMetadataStore(_ctx.Db.Database, _ctx.Time, new GcOptions { GracePeriod = TimeSpan.FromSeconds(6) });
        _ctx.Time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(await blobs.TouchAsync(digest));

        _ctx.Time.Advance(TimeSpan.FromMilliseconds(60));

        Assert.True(await blobs.TouchAsync(digest));
        Assert.Equal(_ctx.Time.GetUtcNow(), (await blobs.GetBlobAsync(digest))!.LastSeenAt);
    }

    [Fact]
    public async Task Touch_NoGracePeriod_NeverWrites()
    {
        var digest = await _ctx.UploadAsync("a", "x");
        var blobs = new BlobMetadataStore(_ctx.Db.Database, _ctx.Time, new GcOptions { GracePeriod = TimeSpan.Zero });
        _ctx.Time.Advance(TimeSpan.FromHours(2));

        Assert.False(await blobs.TouchAsync(digest));
    }

    [Fact]
    public async Task Touch_UnknownBlob_False()
    {
        Assert.False(await _ctx.Blobs.TouchAsync(DigestOf("unknown")));
    }

    [Fact]
    public async Task Unlink_LinkedOnly_UnlinkedAndUnreadableButRowKept()
    {
        var digest = await _ctx.UploadAsync("a", "x");

        Assert.Equal(BlobUnlinkResult.Unlinked, await _ctx.Blobs.UnlinkAsync("a", digest));

        Assert.Null(await _ctx.Blobs.CanReadAsync("a", digest));
        Assert.NotNull(await _ctx.Blobs.GetBlobAsync(digest));
        Assert.Equal(BlobUnlinkResult.NotFound, await _ctx.Blobs.UnlinkAsync("a", digest));
    }

    [Fact]
    public async Task Unlink_OtherRepositoryKeepsItsLink()
    {
        var digest = await _ctx.UploadAsync("a", "x");
        await _ctx.Blobs.MountAsync("a", "b", digest);

        Assert.Equal(BlobUnlinkResult.Unlinked, await _ctx.Blobs.UnlinkAsync("a", digest));

        Assert.NotNull(await _ctx.Blobs.CanReadAsync("b", digest));
    }

    [Fact]
    public async Task Unlink_UnknownRepositoryOrBlob_NotFound()
    {
        var digest = await _ctx.UploadAsync("a", "x");

        Assert.Equal(BlobUnlinkResult.NotFound, await _ctx.Blobs.UnlinkAsync("missing", digest));
        Assert.Equal(BlobUnlinkResult.NotFound, await _ctx.Blobs.UnlinkAsync("a", DigestOf("y")));
        Assert.Equal(BlobUnlinkResult.NotFound, await _ctx.Blobs.UnlinkAsync("b", digest));
    }

    [Fact]
    public async Task Unlink_ReferencedByManifest_StillReferencedUntilManifestDeleted()
    {
        var manifest = await _ctx.PushImageAsync("a", "img");
        var config = manifest.RequiredBlobs[0];

        Assert.Equal(BlobUnlinkResult.StillReferenced, await _ctx.Blobs.UnlinkAsync("a", config));
        await _ctx.Manifests.DeleteAsync("a", manifest.Digest);

        Assert.Null(await _ctx.Blobs.CanReadAsync("a", config));
        Assert.Equal(BlobUnlinkResult.NotFound, await _ctx.Blobs.UnlinkAsync("a", config));
    }
}
