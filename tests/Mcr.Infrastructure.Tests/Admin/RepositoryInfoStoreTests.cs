using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Tests.Registry;

namespace Mcr.Infrastructure.Tests.Admin;

public sealed class RepositoryInfoStoreTests : IDisposable
{
    private readonly RegistryTestContext _registry = new();
    private readonly RepositoryInfoStore _store;

    public RepositoryInfoStoreTests() => _store = new RepositoryInfoStore(_registry.Db.Database);

    [Fact]
    public async Task GetSummaries_CountsAndSize_SharedBlobCountedOncePerRepository()
    {
        // one blob used by two manifests of "a/app" and by one of "b/app"
        var shared = await _registry.UploadAsync("a/app", "shared-layer");
        await _registry.UploadAsync("b/app", "shared-layer");
        var configA = await _registry.UploadAsync("a/app", "config-a");
        var configB = await _registry.UploadAsync("b/app", "config-bb");
        var first = RegistryTestContext.Image(configA, [shared]);
        var second = RegistryTestContext.Image(configA, [shared], annotations: """{"n":"2"}""");
        var other = RegistryTestContext.Image(configB, [shared]);
        await _registry.Manifests.PushAsync("a/app", first, ["v1", "latest"]);
        await _registry.Manifests.PushAsync("a/app", second, ["v2"]);
        await _registry.Manifests.PushAsync("b/app", other, []);
        await _registry.Repositories.GetOrCreateAsync("c/empty");

        var summaries = await _store.GetSummariesAsync(["c/empty", "b/app", "a/app", "missing/repo"]);

        Assert.Equal(["a/app", "b/app", "c/empty"], summaries.Select(s => s.Name));
        var a = summaries[0];
        Assert.Equal(3, a.TagCount);
        Assert.Equal(2, a.ManifestCount);
        Assert.Equal(first.Content.Length + second.Content.Length + "shared-layer".Length + "config-a".Length, a.Size);
        Assert.Equal(other.Content.Length + "shared-layer".Length + "config-bb".Length, summaries[1].Size);
        Assert.Equal(new RepositorySummary("c/empty", 0, 0, 0, _registry.Time.GetUtcNow(), null), summaries[2]);
        Assert.Equal(_registry.Time.GetUtcNow(), a.LastPushedAt);
        Assert.Empty(await _store.GetSummariesAsync([]));
    }

    [Fact]
    public async Task GetDetail_TagsByNameAndManifestsNewestFirst()
    {
        var older = await _registry.PushImageAsync("org/team/app", "one", "b-tag", "a-tag");
        _registry.Time.Advance(TimeSpan.FromMinutes(1));
        var newer = await _registry.PushImageAsync("org/team/app", "two", "c-tag");

        var detail = await _store.GetDetailAsync("org/team/app");

        Assert.NotNull(detail);
        Assert.Equal(3, detail.Summary.TagCount);
        Assert.Equal(["a-tag", "b-tag", "c-tag"], detail.Tags.Select(t => t.Name));
        Assert.Equal([older.Digest.ToString(), older.Digest.ToString(), newer.Digest.ToString()], detail.Tags.Select(t => t.Digest));
        Assert.Equal([newer.Digest.ToString(), older.Digest.ToString()], detail.Manifests.Select(m => m.Digest));
        Assert.All(detail.Manifests, m => Assert.Equal(Core.Manifests.ManifestMediaTypes.OciManifest, m.MediaType));
        Assert.Equal(newer.Content.Length, detail.Manifests[0].Size);
    }

    [Theory]
    [InlineData("missing/repo")]
    [InlineData("Not..Valid")]
    [InlineData("")]
    public async Task GetDetail_Unknown_Null(string name)
    {
        Assert.Null(await _store.GetDetailAsync(name));
    }

    public void Dispose() => _registry.Dispose();
}
