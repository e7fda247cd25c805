using Dapper;
using Mcr.Infrastructure.Registry;

namespace Mcr.Infrastructure.Tests.Registry;

/// <summary>
/// Reads go through <see cref="ManifestCache"/>: each test reads first (filling the cache), then writes
/// through one of the writers, then reads again and must see the write.
/// </summary>
public sealed class ManifestStoreCacheTests : IDisposable
{
    private const string Repo = "team/app";
    private readonly RegistryTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public async Task GetByTag_SecondRead_IsServedFromMemory()
    {
        var pushed = await _ctx.PushImageAsync(Repo, "a", "v1");
        Assert.NotNull(await _ctx.Manifests.GetByTagAsync(Repo, "v1"));
        Assert.NotNull(await _ctx.Manifests.GetAsync(Repo, pushed.Digest));

        // Behind the store's back (no writer would do this): the cached copies are what is served.
        await using (var connection = await _ctx.Db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM manifests");
        }

        Assert.Equal(pushed.Digest, (await _ctx.Manifests.GetByTagAsync(Repo, "v1"))?.Digest);
        Assert.Equal(pushed.Digest, (await _ctx.Manifests.GetAsync(Repo, pushed.Digest))?.Digest);
    }

    [Fact]
    public async Task GetByTag_AfterThePushMovedTheTag_GivesTheNewManifest()
    {
        await _ctx.PushImageAsync(Repo, "a", "v1");
        Assert.NotNull(await _ctx.Manifests.GetByTagAsync(Repo, "v1"));

        var moved = await _ctx.PushImageAsync(Repo, "b", "v1");

        Assert.Equal(moved.Digest, (await _ctx.Manifests.GetByTagAsync(Repo, "v1"))?.Digest);
    }

    [Fact]
    public async Task GetByTag_AfterTheTagWasDeleted_GivesNull()
    {
        var pushed = await _ctx.PushImageAsync(Repo, "a", "v1");
        Assert.NotNull(await _ctx.Manifests.GetByTagAsync(Repo, "v1"));

        Assert.Equal(pushed.Digest, await _ctx.Manifests.DeleteTagAsync(Repo, "v1"));

        Assert.Null(await _ctx.Manifests.GetByTagAsync(Repo, "v1"));
        Assert.NotNull(await _ctx.Manifests.GetAsync(Repo, pushed.Digest));
    }

    [Fact]
    public async Task Get_AfterTheManifestWasDeleted_GivesNullByDigestAndByTag()
    {
        var pushed = await _ctx.PushImageAsync(Repo, "a", "v1");
        Assert.NotNull(await _ctx.Manifests.GetByTagAsync(Repo, "v1"));
        Assert.NotNull(await _ctx.Manifests.GetAsync(Repo, pushed.Digest));

        Assert.Equal(DeleteResult.Deleted, await _ctx.Manifests.DeleteAsync(Repo, pushed.Digest));

        Assert.Null(await _ctx.Manifests.GetAsync(Repo, pushed.Digest));
        Assert.Null(await _ctx.Manifests.GetByTagAsync(Repo, "v1"));
    }

    [Fact]
    public async Task Get_AfterTheRepositoryWasDeleted_GivesNull()
    {
        var pushed = await _ctx.PushImageAsync(Repo, "a", "v1");
        var other = await _ctx.PushImageAsync("team/other", "b", "v1");
        Assert.NotNull(await _ctx.Manifests.GetByTagAsync(Repo, "v1"));
        Assert.NotNull(await _ctx.Manifests.GetAsync(Repo, pushed.Digest));
        Assert.NotNull(await _ctx.Manifests.GetByTagAsync("team/other", "v1"));

        Assert.NotNull(await _ctx.Repositories.DeleteAsync(Repo));

        Assert.Null(await _ctx.Manifests.GetByTagAsync(Repo, "v1"));
        Assert.Null(await _ctx.Manifests.GetAsync(Repo, pushed.Digest));
        Assert.Equal(other.Digest, (await _ctx.Manifests.GetByTagAsync("team/other", "v1"))?.Digest);
    }

    [Fact]
    public async Task GetByTag_ManyConcurrentReadersWhileTheTagMoves_EndOnTheLastPush()
    {
        await _ctx.PushImageAsync(Repo, "seed", "v1");
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.NotNull(await _ctx.Manifests.GetByTagAsync(Repo, "v1"));
            }
        })).ToList();
        ManifestRecord last = null!;
        for (var i = 0; i < 20; i++)
        {
            last = await _ctx.PushImageAsync(Repo, $"push-{i}", "v1");
            Assert.Equal(last.Digest, (await _ctx.Manifests.GetByTagAsync(Repo, "v1"))?.Digest);
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(last.Digest, (await _ctx.Manifests.GetByTagAsync(Repo, "v1"))?.Digest);
    }
}
