using System.Net;
using System.Text.Json;
using Mcr.Core.Identity;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Oci;

/// <summary>Tag listing (end-8a/8b) and the catalog: order, n/last pagination, Link, bad input.</summary>
public sealed class TagAndCatalogTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private readonly ManifestTestClient _client = new(fixture.Admin);

    private ManifestTestClient Client => _client;

    [Fact]
    public async Task ListTags_SmallPages_FollowsLinkThroughAllTagsInByteOrder()
    {
        var repository = await RepositoryWithTagsAsync("e", "B", "c", "a", "d", "b");

        var pages = await FollowAsync($"/v2/{repository}/tags/list?n=2", "tags");

        Assert.Equal([["B", "a"], ["b", "c"], ["d", "e"]], pages);
    }

    [Fact]
    public async Task ListTags_Last_StartsStrictlyAfterIt()
    {
        var repository = await RepositoryWithTagsAsync("a", "b", "c", "d");

        Assert.Equal(["c", "d"], await ListAsync($"/v2/{repository}/tags/list?last=b", "tags"));
        Assert.Equal(["c", "d"], await ListAsync($"/v2/{repository}/tags/list?last=bb", "tags"));
        Assert.Equal(["c"], await ListAsync($"/v2/{repository}/tags/list?n=1&last=b", "tags"));
        Assert.Empty(await ListAsync($"/v2/{repository}/tags/list?last=z", "tags"));
    }

    [Fact]
    public async Task ListTags_NZero_EmptyListWithoutLink()
    {
        var repository = await RepositoryWithTagsAsync("a", "b");

        using var response = await Client.Http.GetAsync($"/v2/{repository}/tags/list?n=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Link"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(repository, json.RootElement.GetProperty("name").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("tags").GetArrayLength());
    }

    [Theory]
    [InlineData("5000")]
    [InlineData("99999999999999999999")]
    public async Task ListTags_NAboveCap_IsClampedNotRejected(string n)
    {
        var repository = await RepositoryWithTagsAsync("a", "b", "c");

        Assert.Equal(["a", "b", "c"], await ListAsync($"/v2/{repository}/tags/list?n={n}", "tags"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("+1")]
    [InlineData("%201")]
    [InlineData("0x10")]
    public async Task ListTagsAndCatalog_InvalidN_Answer400(string n)
    {
        var repository = await RepositoryWithTagsAsync("a");

        foreach (var path in new[] { $"/v2/{repository}/tags/list?n={n}", $"/v2/_catalog?n={n}" })
        {
            using var response = await Client.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("PAGINATION_NUMBER_INVALID", await ManifestTestClient.ErrorCodeAsync(response));
        }
    }

    [Fact]
    public async Task ListTags_UnknownRepository_Answers404NameUnknown()
    {
        using var response = await Client.Http.GetAsync($"/v2/{OciServerFixture.NewRepository()}/tags/list");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NAME_UNKNOWN", await ManifestTestClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task ListTags_RepositoryWithoutTags_EmptyList()
    {
        var repository = OciServerFixture.NewRepository();
        await Client.PushImageAsync(repository);

        Assert.Empty(await ListAsync($"/v2/{repository}/tags/list", "tags"));
    }

    [Fact]
    public async Task Catalog_SmallPages_FollowsLinkThroughRepositoriesInByteOrder()
    {
        var prefix = $"cat{Guid.NewGuid():N}";
        string[] names = [$"{prefix}/b", $"{prefix}/a/x", $"{prefix}/a", $"{prefix}/c", $"{prefix}/a-b"];
        foreach (var name in names)
        {
            await Client.PushImageAsync(name, "t");
        }

        // `last` = the bare prefix starts the listing just before this test's repositories.
        var pages = await FollowAsync($"/v2/_catalog?n=2&last={prefix}", "repositories");
        var ours = pages.SelectMany(p => p).TakeWhile(n => n.StartsWith(prefix + "/", StringComparison.Ordinal)).ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), ours);
        Assert.All(pages.SkipLast(1), page => Assert.Equal(2, page.Count));
    }

    [Fact]
    public async Task Catalog_NZero_EmptyWithoutLink()
    {
        await Client.PushImageAsync(OciServerFixture.NewRepository(), "t");

        using var response = await Client.Http.GetAsync("/v2/_catalog?n=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Link"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("repositories").GetArrayLength());
    }

    [Fact]
    public async Task Catalog_AccountWithoutCatalogPermission_Denied()
    {
        using var robot = await fixture.Server.CreateClientForNewAccountAsync($"robot{Guid.NewGuid():N}"[..20], Roles.User, AccountType.System);

        using var response = await robot.GetAsync("/v2/_catalog");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("DENIED", await ManifestTestClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Catalog_RepositoriesTheCallerMayNotPull_AreLeftOutOfPagesAndLinks()
    {
        var prefix = $"cat{Guid.NewGuid():N}";
        foreach (var name in new[] { "a", "h1", "h2", "m", "h3", "z" })
        {
            await Client.PushImageAsync($"{prefix}/{name}", "t");
        }
        var rules = fixture.Server.Services.GetRequiredService<PolicyRuleStore>();
        var created = await rules.CreateAsync(new PolicyRule
        {
            Priority = 10,
            Description = "hide h* from users",
            Effect = PolicyEffect.Deny,
            Roles = [Roles.User],
            Actions = [PolicyAction.Pull],
            Repositories = [$"{prefix}/h*"],
        });
        Assert.Equal(PolicyRuleWriteStatus.Ok, created.Status);
        await fixture.Server.Services.GetRequiredService<IPolicyEngine>().ReloadAsync();
        using var userHttp = await fixture.Server.CreateClientForNewAccountAsync($"u{Guid.NewGuid():N}"[..16], Roles.User);
        var user = new ManifestTestClient(new OciTestClient(userHttp));

        var userPages = await FollowAsync(user, $"/v2/_catalog?n=1&last={prefix}", "repositories");
        var adminPages = await FollowAsync(Client, $"/v2/_catalog?n=100&last={prefix}", "repositories");

        var seen = userPages.SelectMany(p => p).TakeWhile(n => n.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Equal([$"{prefix}/a", $"{prefix}/m", $"{prefix}/z"], seen);
        Assert.Contains($"{prefix}/h2", adminPages.SelectMany(p => p));
    }

    private async Task<string> RepositoryWithTagsAsync(params string[] tags)
    {
        var repository = OciServerFixture.NewRepository();
        var image = await Client.PushImageAsync(repository);
        using var put = await Client.PutManifestAsync(repository, image.Digest.ToString(), image.Content, image.MediaType, tags);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return repository;
    }

    private async Task<List<string>> ListAsync(string path, string property)
    {
        using var response = await Client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>Requests <paramref name="path"/> and every <c>Link: rel="next"</c> after it; returns the pages.</summary>
    private Task<List<List<string>>> FollowAsync(string path, string property) => FollowAsync(Client, path, property);

    private static async Task<List<List<string>>> FollowAsync(ManifestTestClient client, string path, string property)
    {
        var pages = new List<List<string>>();
        string? next = path;
        while (next is not null && pages.Count < 100)
        {
            using var response = await client.Http.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            pages.Add([.. json.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)]);
            next = null;
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var link = Assert.Single(links);
                Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
                next = link[1..link.IndexOf('>', StringComparison.Ordinal)];
                Assert.StartsWith("/v2/", next, StringComparison.Ordinal);
            }
        }
        return pages;
    }
}
