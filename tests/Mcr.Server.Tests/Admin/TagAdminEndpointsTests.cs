using System.Net;
using Mcr.Core.Identity;
using Mcr.Core.Manifests;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Identity.Embedded;
using Mcr.Server.Tests.Oci;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Admin;

/// <summary><c>GET /v1/tags</c> and <c>DELETE /v1/tags</c> over real HTTP.</summary>
public sealed class TagAdminEndpointsTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    [Fact]
    public async Task List_ImageAndIndex_SizesPlatformsInNameOrder()
    {
        var repository = OciServerFixture.NewRepository("tags");
        var amd64 = await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config(), "v1");
        var arm64 = await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config(architecture: "arm64", variant: "v8"));
        var index = await fixture.AdminPush.PushIndexAsync(repository,
            [amd64.Entry("linux", "amd64"), arm64.Entry("linux", "arm64", "v8", "10.0.1")], "multi");

        using var response = await fixture.User.GetAsync($"/v1/tags?repository={repository}");
        var body = await AdminApi.ReadAsync(response);

        AdminApi.AssertFields(body, "tags", "total", "n", "offset");
        Assert.Equal(2, body.GetProperty("total").GetInt64());
        Assert.Equal(100, body.GetProperty("n").GetInt32());
        Assert.Equal(0, body.GetProperty("offset").GetInt32());
        var tags = AdminApi.Items(body, "tags").ToList();
        Assert.Equal(["multi", "v1"], tags.Select(t => t.GetProperty("name").GetString()));

        var multi = tags[0];
        AdminApi.AssertFields(multi, "name", "digest", "media_type", "size", "platforms", "pushed_at");
        Assert.Equal(index.Digest.ToString(), multi.GetProperty("digest").GetString());
        Assert.Equal(ManifestMediaTypes.OciIndex, multi.GetProperty("media_type").GetString());
        Assert.Equal(index.Content.Length + amd64.PullSize + arm64.PullSize, multi.GetProperty("size").GetInt64());
        AdminApi.AssertJson(
            """[{"os":"linux","architecture":"amd64","variant":null,"os_version":null},{"os":"linux","architecture":"arm64","variant":"v8","os_version":"10.0.1"}]""",
            multi.GetProperty("platforms"));
        Assert.True(AdminApi.Time(multi, "pushed_at") > DateTimeOffset.UtcNow.AddMinutes(-5));

        var v1 = tags[1];
        Assert.Equal(amd64.Manifest.Digest.ToString(), v1.GetProperty("digest").GetString());
        Assert.Equal(ManifestMediaTypes.OciManifest, v1.GetProperty("media_type").GetString());
        Assert.Equal(amd64.PullSize, v1.GetProperty("size").GetInt64());
        Assert.Equal(0, v1.GetProperty("platforms").GetArrayLength());
    }

    [Fact]
    public async Task List_Paged_TotalCountsEveryTag()
    {
        var repository = OciServerFixture.NewRepository("tagpage");
        var image = await fixture.AdminPush.PushImageAsync(repository, "a");
        foreach (var tag in new[] { "b", "c" })
        {
            using var retag = await fixture.AdminPush.PutManifestAsync(repository, tag, image.Content, image.MediaType);
            Assert.Equal(HttpStatusCode.Created, retag.StatusCode);
        }

        using var response = await fixture.Admin.GetAsync($"/v1/tags?repository={repository}&n=1&offset=1");
        var body = await AdminApi.ReadAsync(response);

        Assert.Equal(3, body.GetProperty("total").GetInt64());
        Assert.Equal(1, body.GetProperty("n").GetInt32());
        Assert.Equal(1, body.GetProperty("offset").GetInt32());
        Assert.Equal(["b"], AdminApi.Items(body, "tags").Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task List_CallerThePolicyDoesNotLetPull_Forbidden()
    {
        var repository = OciServerFixture.NewRepository("tagdeny");
        await fixture.AdminPush.PushImageAsync(repository, "v1");
        using var bot = await fixture.Server.CreateClientForNewAccountAsync("robot-tags", "user", AccountType.System);

        await AdminApi.AssertGetErrorAsync(bot, $"/v1/tags?repository={repository}", HttpStatusCode.Forbidden, "registry:pull");
    }

    [Theory]
    [InlineData("", "repository is required")]
    [InlineData("repository=Upper/Case", "invalid repository name")]
    [InlineData("repository=a%2F..%2Fb", "invalid repository name")]
    [InlineData("repository=team/app&n=0", "n must be between")]
    [InlineData("repository=team/app&offset=-1", "offset must not be negative")]
    [InlineData("repository=team/app&n=x", "n must be an integer")]
    [InlineData("repository=a&repository=b", "repository may be given once")]
    public async Task List_BadInput_BadRequest(string query, string message)
    {
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/tags?{query}", HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task List_UnknownRepository_NotFound()
    {
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/tags?repository={OciServerFixture.NewRepository("none")}", HttpStatusCode.NotFound, "not found");
    }

    [Fact]
    public async Task Delete_ByUserAccount_RemovesTagKeepsManifest_AuditsLikeV2()
    {
        var repository = OciServerFixture.NewRepository("tagdel");
        var image = await fixture.AdminPush.PushImageAsync(repository, "v1");
        using (var retag = await fixture.AdminPush.PutManifestAsync(repository, "v2", image.Content, image.MediaType))
        {
            Assert.Equal(HttpStatusCode.Created, retag.StatusCode);
        }

        using (var delete = await fixture.User.DeleteAsync($"/v1/tags?repository={repository}&tag=v1"))
        {
            var body = await AdminApi.ReadAsync(delete);
            AdminApi.AssertJson($$"""{"digest":"{{image.Digest}}"}""", body);
        }
        // the same deletion through /v2, for the audit comparison
        using (var v2 = await fixture.User.DeleteAsync($"/v2/{repository}/manifests/v2"))
        {
            Assert.Equal(HttpStatusCode.Accepted, v2.StatusCode);
        }

        Assert.Equal([], await fixture.AdminPush.ListTagsAsync(repository));
        using (var byDigest = await fixture.AdminPush.GetManifestAsync(repository, image.Digest.ToString()))
        {
            Assert.Equal(HttpStatusCode.OK, byDigest.StatusCode);
        }
        await AdminApi.FlushAuditAsync(fixture.Server);
        var events = (await fixture.Server.Services.GetRequiredService<AuditStore>().ListAsync(
            new AuditQuery { Repository = repository, EventType = AuditEventTypes.TagDeleted })).Items.Select(e => e.Event).ToList();
        var alice = (await fixture.Server.Services.GetRequiredService<AccountService>().FindAsync("alice"))!.Id;
        Assert.Equal(2, events.Count);
        Assert.All(events, e =>
        {
            Assert.Equal(alice, e.ActorId);
            Assert.Equal(repository, e.Repository);
            Assert.Equal(image.Digest.ToString(), e.Digest);
            Assert.Equal("127.0.0.1", e.ClientIp);
        });
        Assert.Equal(["v1", "v2"], events.Select(e => e.Details!["tag"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delete_CallerThePolicyDoesNotLetDelete_ForbiddenAndKept()
    {
        var repository = OciServerFixture.NewRepository("tagkeep");
        await fixture.AdminPush.PushImageAsync(repository, "v1");
        using var bot = await fixture.Server.CreateClientForNewAccountAsync("robot-deleter", "user", AccountType.System);

        using var delete = await bot.DeleteAsync($"/v1/tags?repository={repository}&tag=v1");

        await AdminApi.AssertErrorAsync(delete, HttpStatusCode.Forbidden, "registry:delete");
        Assert.Equal(["v1"], await fixture.AdminPush.ListTagsAsync(repository));
    }

    [Fact]
    public async Task Delete_UnknownTagOrRepository_NotFound()
    {
        var repository = OciServerFixture.NewRepository("tagmiss");
        await fixture.AdminPush.PushImageAsync(repository, "v1");

        using var tag = await fixture.Admin.DeleteAsync($"/v1/tags?repository={repository}&tag=v2");
        await AdminApi.AssertErrorAsync(tag, HttpStatusCode.NotFound, "tag 'v2' not found");
        using var unknown = await fixture.Admin.DeleteAsync($"/v1/tags?repository={OciServerFixture.NewRepository("none")}&tag=v1");
        await AdminApi.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "not found");
    }

    [Theory]
    [InlineData("repository=team/app", "tag is required")]
    [InlineData("repository=team/app&tag=bad%20tag", "invalid tag")]
    [InlineData("repository=team/app&tag=.hidden", "invalid tag")]
    [InlineData("tag=v1", "repository is required")]
    [InlineData("repository=UPPER&tag=v1", "invalid repository name")]
    [InlineData("repository=team/app&tag=a&tag=b", "tag may be given once")]
    public async Task Delete_BadInput_BadRequest(string query, string message)
    {
        using var delete = await fixture.Admin.DeleteAsync($"/v1/tags?{query}");
        await AdminApi.AssertErrorAsync(delete, HttpStatusCode.BadRequest, message);
    }
}
