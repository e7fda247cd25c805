using Mcr.Core.Manifests;
using Mcr.Infrastructure.Registry;
using static Mcr.Infrastructure.Tests.Registry.RegistryTestContext;

namespace Mcr.Infrastructure.Tests.Registry;

public sealed class ManifestStoreTests : IDisposable
{
    private readonly RegistryTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public async Task Push_Image_ReadableByDigestAndTagByteForByte()
    {
        var manifest = await _ctx.PushImageAsync("team/app", "img", "latest", "v1");

        var byDigest = await _ctx.Manifests.GetAsync("team/app", manifest.Digest);
        var byTag = await _ctx.Manifests.GetByTagAsync("team/app", "v1");

        Assert.NotNull(byDigest);
        Assert.Equal(manifest.Content, byDigest.Content);
        Assert.Equal(ManifestMediaTypes.OciManifest, byDigest.MediaType);
        Assert.Equal(manifest.Content.Length, byDigest.Size);
        Assert.Equal(byDigest.Digest, byTag!.Digest);
        Assert.Equal(byDigest.Content, byTag.Content);
        Assert.Equal(2, await _ctx.CountAsync("manifest_blobs"));
    }

    [Fact]
    public async Task Push_DockerManifest_KeepsItsMediaType()
    {
        var config = await _ctx.UploadAsync("a", "c");
        var json = $$"""{"schemaVersion":2,"mediaType":"{{ManifestMediaTypes.DockerManifest}}","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{{config}}","size":1},"layers":[]}""";
        var manifest = Record(json, ManifestMediaTypes.DockerManifest);

        await _ctx.Manifests.PushAsync("a", manifest, []);

        Assert.Equal(ManifestMediaTypes.DockerManifest, (await _ctx.Manifests.GetAsync("a", manifest.Digest))!.MediaType);
    }

    [Fact]
    public async Task Push_SameDigestTwice_IdempotentNotCreated()
    {
        var manifest = await _ctx.PushImageAsync("a", "img", "v1");

        var again = await _ctx.Manifests.PushAsync("a", manifest, ["v2"]);

        Assert.Equal(new ManifestPushResult.Stored(false), again);
        Assert.Equal(1, await _ctx.CountAsync("manifests"));
        Assert.Equal(2, await _ctx.CountAsync("manifest_blobs"));
        Assert.Equal(2, await _ctx.CountAsync("tags"));
    }

    [Fact]
    public async Task Push_MissingBlobInNewRepository_ReturnsMissingBlobAndWritesNothing()
    {
        var missing = DigestOf("never uploaded");
        var manifest = Image(missing, []);

        var result = await _ctx.Manifests.PushAsync("brand/new", manifest, ["latest"]);

        Assert.Equal(new ManifestPushResult.MissingBlob(missing), result);
        Assert.Equal(0, await _ctx.CountAsync("repositories"));
        Assert.Equal(0, await _ctx.CountAsync("manifests"));
        Assert.Equal(0, await _ctx.CountAsync("tags"));
    }

    [Fact]
    public async Task Push_OneLayerMissing_NamesItAndWritesNothing()
    {
        var config = await _ctx.UploadAsync("a", "c");
        var layer = await _ctx.UploadAsync("a", "l");
        var missing = DigestOf("missing layer");
        var lastSeen = (await _ctx.Blobs.GetBlobAsync(config))!.LastSeenAt;
        _ctx.Time.Advance(TimeSpan.FromHours(1));

        var result = await _ctx.Manifests.PushAsync("a", Image(config, [layer, missing]), ["latest"]);

        Assert.Equal(new ManifestPushResult.MissingBlob(missing), result);
        Assert.Equal(0, await _ctx.CountAsync("manifests"));
        Assert.Equal(0, await _ctx.CountAsync("manifest_blobs"));
        Assert.Equal(0, await _ctx.CountAsync("tags"));
        Assert.Equal(lastSeen, (await _ctx.Blobs.GetBlobAsync(config))!.LastSeenAt);
    }

    [Fact]
    public async Task Push_BlobOnlyInOtherRepository_MissingBlob()
    {
        var config = await _ctx.UploadAsync("other", "c");

        var result = await _ctx.Manifests.PushAsync("a", Image(config, []), []);

        Assert.Equal(new ManifestPushResult.MissingBlob(config), result);
        Assert.Null(await _ctx.Repositories.GetIdAsync("a"));
    }

    [Fact]
    public async Task Push_BlobReadableThroughAnotherManifest_Accepted()
    {
        var first = await _ctx.PushImageAsync("a", "img");
        foreach (var blob in first.RequiredBlobs)
        {
            await _ctx.Blobs.UnlinkAsync("a", blob);
        }

        var second = Image(first.RequiredBlobs[0], [first.RequiredBlobs[1]], annotations: """{"k":"v"}""");

        Assert.Equal(new ManifestPushResult.Stored(true), await _ctx.Manifests.PushAsync("a", second, []));
    }

    [Fact]
    public async Task Push_NonDistributableLayerNotUploaded_Accepted()
    {
        var config = await _ctx.UploadAsync("a", "c");
        var foreign = DigestOf("foreign layer");
        var manifest = Image(config, [foreign], layerMediaType: "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");

        Assert.IsType<ManifestPushResult.Stored>(await _ctx.Manifests.PushAsync("a", manifest, []));
        Assert.Equal(1, await _ctx.CountAsync("manifest_blobs"));
    }

    [Fact]
    public async Task Push_RenewsRequiredBlobsLastSeen()
    {
        var config = await _ctx.UploadAsync("a", "c");
        _ctx.Time.Advance(TimeSpan.FromMinutes(50));

        await _ctx.Manifests.PushAsync("a", Image(config, []), []);

        Assert.Equal(_ctx.Time.GetUtcNow(), (await _ctx.Blobs.GetBlobAsync(config))!.LastSeenAt);
    }

    [Fact]
    public async Task Push_IndexWithChildren_StoresChildren()
    {
        var amd64 = await _ctx.PushImageAsync("a", "amd64");
        var arm64 = await _ctx.PushImageAsync("a", "arm64");
        var index = Index([amd64.Digest, arm64.Digest]);

        var result = await _ctx.Manifests.PushAsync("a", index, ["multi"]);

        Assert.Equal(new ManifestPushResult.Stored(true), result);
        Assert.Equal(2, await _ctx.CountAsync("index_children"));
        Assert.Equal(ManifestMediaTypes.OciIndex, (await _ctx.Manifests.GetByTagAsync("a", "multi"))!.MediaType);
    }

    [Fact]
    public async Task Push_IndexWithChildFromOtherRepository_MissingManifestAndWritesNothing()
    {
        var local = await _ctx.PushImageAsync("a", "local");
        var foreign = await _ctx.PushImageAsync("b", "foreign");
        var index = Index([local.Digest, foreign.Digest], mediaType: ManifestMediaTypes.DockerManifestList);

        var result = await _ctx.Manifests.PushAsync("a", index, ["multi"]);

        Assert.Equal(new ManifestPushResult.MissingManifest(foreign.Digest), result);
        Assert.Null(await _ctx.Manifests.GetAsync("a", index.Digest));
        Assert.Equal(0, await _ctx.CountAsync("index_children"));
        Assert.Null(await _ctx.Manifests.GetByTagAsync("a", "multi"));
    }

    [Fact]
    public async Task Push_IndexInNewRepositoryWithUnknownChild_MissingManifest()
    {
        var child = DigestOf("child");

        var result = await _ctx.Manifests.PushAsync("new", Index([child]), []);

        Assert.Equal(new ManifestPushResult.MissingManifest(child), result);
        Assert.Equal(0, await _ctx.CountAsync("repositories"));
    }

    [Fact]
    public async Task Push_EmptyIndexInNewRepository_CreatesRepository()
    {
        Assert.IsType<ManifestPushResult.Stored>(await _ctx.Manifests.PushAsync("new", Index([]), ["empty"]));
        Assert.NotNull(await _ctx.Repositories.GetIdAsync("new"));
    }

    [Fact]
    public async Task Push_InvalidTagOrName_Throws()
    {
        var manifest = Index([]);

        await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Manifests.PushAsync("a", manifest, ["-bad"]));
        await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Manifests.PushAsync("A", manifest, []));
        Assert.Equal(0, await _ctx.CountAsync("manifests"));
    }

    [Fact]
    public async Task Push_ExistingTag_MovesAtomically()
    {
        var first = await _ctx.PushImageAsync("a", "one", "latest");
        var second = await _ctx.PushImageAsync("a", "two", "latest");

        Assert.Equal(second.Digest, (await _ctx.Manifests.GetByTagAsync("a", "latest"))!.Digest);
        Assert.NotNull(await _ctx.Manifests.GetAsync("a", first.Digest));
        Assert.Equal(1, await _ctx.CountAsync("tags"));
    }

    [Fact]
    public async Task Push_TagMovesFromImageToIndex()
    {
        var image = await _ctx.PushImageAsync("a", "img", "latest");

        await _ctx.Manifests.PushAsync("a", Index([image.Digest]), ["latest"]);

        Assert.Equal(ManifestMediaTypes.OciIndex, (await _ctx.Manifests.GetByTagAsync("a", "latest"))!.MediaType);
    }

    [Fact]
    public async Task Get_OtherRepositoryOrUnknown_Null()
    {
        var manifest = await _ctx.PushImageAsync("a", "img", "latest");
        await _ctx.Repositories.GetOrCreateAsync("b");

        Assert.Null(await _ctx.Manifests.GetAsync("b", manifest.Digest));
        Assert.Null(await _ctx.Manifests.GetByTagAsync("b", "latest"));
        Assert.Null(await _ctx.Manifests.GetByTagAsync("a", "nope"));
        Assert.Null(await _ctx.Manifests.GetAsync("missing", manifest.Digest));
    }

    [Fact]
    public async Task Delete_CascadesToTagsReferencesAndChildrenButNotBlobs()
    {
        var child = await _ctx.PushImageAsync("a", "child", "child-tag");
        var index = Index([child.Digest]);
        await _ctx.Manifests.PushAsync("a", index, ["index-tag"]);

        Assert.Equal(DeleteResult.Deleted, await _ctx.Manifests.DeleteAsync("a", index.Digest));
        Assert.Equal(0, await _ctx.CountAsync("index_children"));
        Assert.Null(await _ctx.Manifests.GetByTagAsync("a", "index-tag"));
        Assert.NotNull(await _ctx.Manifests.GetByTagAsync("a", "child-tag"));

        Assert.Equal(DeleteResult.Deleted, await _ctx.Manifests.DeleteAsync("a", child.Digest));
        Assert.Equal(0, await _ctx.CountAsync("tags"));
        Assert.Equal(0, await _ctx.CountAsync("manifest_blobs"));
        Assert.Equal(0, await _ctx.CountAsync("manifests"));
        Assert.Equal(2, await _ctx.CountAsync("blobs"));
    }

    [Fact]
    public async Task Delete_ChildOfIndex_Allowed()
    {
        var child = await _ctx.PushImageAsync("a", "child");
        var index = Index([child.Digest]);
        await _ctx.Manifests.PushAsync("a", index, []);

        Assert.Equal(DeleteResult.Deleted, await _ctx.Manifests.DeleteAsync("a", child.Digest));
        Assert.NotNull(await _ctx.Manifests.GetAsync("a", index.Digest));
    }

    [Fact]
    public async Task Delete_UnknownOrOtherRepository_NotFound()
    {
        var manifest = await _ctx.PushImageAsync("a", "img");

        Assert.Equal(DeleteResult.NotFound, await _ctx.Manifests.DeleteAsync("b", manifest.Digest));
        Assert.Equal(DeleteResult.NotFound, await _ctx.Manifests.DeleteAsync("a", DigestOf("x")));
        Assert.NotNull(await _ctx.Manifests.GetAsync("a", manifest.Digest));
    }

    [Fact]
    public async Task DeleteTag_RemovesTagKeepsManifest()
    {
        var manifest = await _ctx.PushImageAsync("a", "img", "latest", "v1");

        Assert.Equal(manifest.Digest, await _ctx.Manifests.DeleteTagAsync("a", "latest"));

        Assert.Null(await _ctx.Manifests.GetByTagAsync("a", "latest"));
        Assert.NotNull(await _ctx.Manifests.GetByTagAsync("a", "v1"));
        Assert.NotNull(await _ctx.Manifests.GetAsync("a", manifest.Digest));
        Assert.Null(await _ctx.Manifests.DeleteTagAsync("a", "latest"));
        Assert.Null(await _ctx.Manifests.DeleteTagAsync("missing", "v1"));
    }
}
