namespace Mcr.Infrastructure.Tests.Registry;

public sealed class RepositoryStoreTests : IDisposable
{
    private readonly RegistryTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public async Task GetOrCreate_Twice_SameIdOneRow()
    {
        var first = await _ctx.Repositories.GetOrCreateAsync("team/app");
        var second = await _ctx.Repositories.GetOrCreateAsync("team/app");

        Assert.Equal(first, second);
        Assert.Equal(first, await _ctx.Repositories.GetIdAsync("team/app"));
        Assert.Equal(1, await _ctx.CountAsync("repositories"));
    }

    [Fact]
    public async Task GetId_Unknown_Null()
    {
        Assert.Null(await _ctx.Repositories.GetIdAsync("missing"));
        Assert.Null(await _ctx.Repositories.GetIdAsync("Not A Name"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER")]
    [InlineData("a//b")]
    [InlineData("../etc")]
    [InlineData("a/")]
    public async Task GetOrCreate_InvalidName_Throws(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Repositories.GetOrCreateAsync(name));
        Assert.Equal(0, await _ctx.CountAsync("repositories"));
    }

    [Fact]
    public async Task Delete_Repository_RemovesContentKeepsBlobsAndReportsWhatWent()
    {
        var child = await _ctx.PushImageAsync("a", "child", "v1", "latest");
        await _ctx.Manifests.PushAsync("a", RegistryTestContext.Index([child.Digest]), ["multi"]);
        var upload = Guid.NewGuid();
        await _ctx.Uploads.CreateAsync("a", upload);
        var kept = await _ctx.PushImageAsync("b", "kept", "latest");

        var summary = await _ctx.Repositories.DeleteAsync("a");

        Assert.NotNull(summary);
        Assert.Equal("a", summary.Name);
        Assert.Equal(2, summary.ManifestsRemoved);
        Assert.Equal(3, summary.TagsRemoved);
        Assert.Equal([upload], summary.Uploads);
        Assert.Null(await _ctx.Repositories.GetIdAsync("a"));
        Assert.Null(await _ctx.Uploads.GetAsync(upload));
        Assert.Equal(1, await _ctx.CountAsync("manifests"));
        Assert.Equal(1, await _ctx.CountAsync("tags"));
        Assert.Equal(0, await _ctx.CountAsync("index_children"));
        Assert.Equal(2, await _ctx.CountAsync("repository_blobs"));
        Assert.Equal(4, await _ctx.CountAsync("blobs"));
        Assert.NotNull(await _ctx.Manifests.GetByTagAsync("b", "latest"));
        Assert.Equal(kept.Digest, (await _ctx.Manifests.GetByTagAsync("b", "latest"))!.Digest);
    }

    [Fact]
    public async Task Delete_Unknown_Null()
    {
        Assert.Null(await _ctx.Repositories.DeleteAsync("missing"));
    }
}
