using Mcr.Infrastructure.Registry;

namespace Mcr.Infrastructure.Tests.Registry;

/// <summary>Tag list and catalog pagination (n, last, has-more) in byte-wise order.</summary>
public sealed class ListingTests : IDisposable
{
    private static readonly string[] _repositoryNames = ["b", "a/b", "a", "a-b", "a.b", "a0", "a/b/c", "ab", "a__b", "z/y"];

    private static readonly string[] _tagNames = ["latest", "v1.0", "V2", "1.0", "_x", "v1.0-rc1", "v1", "A", "v1_0"];

    private readonly RegistryTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public async Task ListNames_AllInOnePage_ByteWiseOrderWithSlashes()
    {
        await CreateRepositoriesAsync();

        var page = await _ctx.Repositories.ListNamesAsync(100, null);

        Assert.Equal(_repositoryNames.Order(StringComparer.Ordinal), page.Items);
        // '-' < '.' < '/' < '0' < '_' byte-wise: "a/b" sorts after "a-b" and "a.b", before "a0".
        Assert.Equal(["a", "a-b", "a.b", "a/b", "a/b/c", "a0", "a__b", "ab", "b", "z/y"], page.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task ListNames_PagedWithLast_VisitsEveryNameOnce()
    {
        await CreateRepositoriesAsync();

        var seen = await PageThroughAsync((n, last) => _ctx.Repositories.ListNamesAsync(n, last), 3);

        Assert.Equal(_repositoryNames.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListNames_ExactlyNRemaining_NoMore()
    {
        await CreateRepositoriesAsync();

        var page = await _ctx.Repositories.ListNamesAsync(2, "b");

        Assert.Equal(["z/y"], page.Items);
        Assert.False(page.HasMore);
        Assert.False((await _ctx.Repositories.ListNamesAsync(10, null)).HasMore);
        Assert.True((await _ctx.Repositories.ListNamesAsync(9, null)).HasMore);
    }

    [Fact]
    public async Task ListNames_LastNotAName_StartsAfterItsPosition()
    {
        await CreateRepositoriesAsync();

        var page = await _ctx.Repositories.ListNamesAsync(2, "a/a");

        Assert.Equal(["a/b", "a/b/c"], page.Items);
        Assert.True(page.HasMore);
        Assert.Empty((await _ctx.Repositories.ListNamesAsync(5, "zzz")).Items);
    }

    [Fact]
    public async Task ListNames_ZeroOrNegative_EmptyOrThrows()
    {
        await CreateRepositoriesAsync();

        var page = await _ctx.Repositories.ListNamesAsync(0, null);

        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _ctx.Repositories.ListNamesAsync(-1, null));
    }

    [Fact]
    public async Task ListTags_AllInOnePage_AsciibeticalOrder()
    {
        await _ctx.PushImageAsync("a", "img", _tagNames);

        var page = await _ctx.Manifests.ListTagsAsync("a", 100, null);

        Assert.NotNull(page);
        Assert.Equal(_tagNames.Order(StringComparer.Ordinal), page.Items);
        Assert.Equal("1.0", page.Items[0]);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task ListTags_Paged_VisitsEveryTagOnceAndOnlyThisRepository()
    {
        await _ctx.PushImageAsync("a", "img", _tagNames);
        await _ctx.PushImageAsync("b", "img", "other", "v9");

        var seen = await PageThroughAsync(async (n, last) => (await _ctx.Manifests.ListTagsAsync("a", n, last))!, 2);

        Assert.Equal(_tagNames.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListTags_LastIsExclusive()
    {
        await _ctx.PushImageAsync("a", "img", "a1", "a2", "a3");

        var page = await _ctx.Manifests.ListTagsAsync("a", 1, "a1");

        Assert.Equal(["a2"], page!.Items);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task ListTags_RepositoryWithoutTags_EmptyPage()
    {
        await _ctx.PushImageAsync("a", "img");

        var page = await _ctx.Manifests.ListTagsAsync("a", 10, null);

        Assert.Empty(page!.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task ListTags_UnknownRepository_Null()
    {
        Assert.Null(await _ctx.Manifests.ListTagsAsync("missing", 10, null));
        Assert.Null(await _ctx.Manifests.ListTagsAsync("missing", 0, null));
    }

    [Fact]
    public async Task ListTags_ZeroN_EmptyWithoutMore()
    {
        await _ctx.PushImageAsync("a", "img", "latest");

        var page = await _ctx.Manifests.ListTagsAsync("a", 0, null);

        Assert.Empty(page!.Items);
        Assert.False(page.HasMore);
    }

    private async Task CreateRepositoriesAsync()
    {
        foreach (var name in _repositoryNames)
        {
            await _ctx.Repositories.GetOrCreateAsync(name);
        }
    }

    private static async Task<List<string>> PageThroughAsync(Func<int, string?, Task<ListPage<string>>> list, int n)
    {
        var seen = new List<string>();
        string? last = null;
        while (true)
        {
            var page = await list(n, last);
            Assert.True(page.Items.Count == n || !page.HasMore, "a short page must be the last one");
            seen.AddRange(page.Items);
            if (!page.HasMore)
            {
                return seen;
            }
            last = page.Items[^1];
        }
    }
}
