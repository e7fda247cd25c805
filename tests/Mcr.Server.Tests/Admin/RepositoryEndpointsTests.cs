using System.Net;
using System.Text.Json;
using Dapper;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Database;
using Mcr.Server.Tests.Oci;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Admin;

/// <summary><c>GET /v1/repositories</c>, <c>GET|DELETE /v1/repositories/{name...}</c> over real HTTP.</summary>
public sealed class RepositoryEndpointsTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    [Fact]
    public async Task List_AfterPush_ShowsCountsAndSize()
    {
        var repository = OciServerFixture.NewRepository("list");
        var image = await fixture.AdminPush.PushImageAsync(repository, "v1");
        await fixture.AdminPush.PushImageAsync(repository);

        using var response = await fixture.Admin.GetAsync("/v1/repositories?n=1000");
        var body = await AdminApi.ReadAsync(response);
        var entry = AdminApi.Items(body, "repositories").Single(r => r.GetProperty("name").GetString() == repository);
        Assert.Equal(1, entry.GetProperty("tag_count").GetInt64());
        Assert.Equal(2, entry.GetProperty("manifest_count").GetInt64());
        // each image: manifest + 64-byte config + 256-byte layer, all distinct
        Assert.True(entry.GetProperty("size").GetInt64() >= 2 * (image.Content.Length + 64 + 256) - 10);
        Assert.True(entry.TryGetProperty("created_at", out _));
        Assert.True(entry.GetProperty("last_pushed_at").GetDateTimeOffset() >= entry.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(1000, body.GetProperty("n").GetInt32());
        Assert.Equal(0, body.GetProperty("offset").GetInt32());
    }

    [Fact]
    public async Task List_Paged_VisitsEveryRepositoryOnceInOrder()
    {
        for (var i = 0; i < 3; i++)
        {
            await fixture.AdminPush.PushImageAsync(OciServerFixture.NewRepository("page"), "latest");
        }
        var names = new List<string>();
        long total;
        var offset = 0;
        while (true)
        {
            using var response = await fixture.Admin.GetAsync($"/v1/repositories?n=2&offset={offset}");
            var body = await AdminApi.ReadAsync(response);
            total = body.GetProperty("total").GetInt64();
            var page = AdminApi.Items(body, "repositories").Select(r => r.GetProperty("name").GetString()!).ToList();
            Assert.True(page.Count <= 2);
            names.AddRange(page);
            if (page.Count < 2)
            {
                break;
            }
            offset += 2;
        }
        Assert.True(total >= 3);
        Assert.Equal(total, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public async Task List_Query_FiltersCaseInsensitively_BeforePaging()
    {
        var marker = "q" + Guid.NewGuid().ToString("N")[..10];
        foreach (var name in new[] { $"{marker}/alpha", $"{marker}/beta", $"team/{marker}-alphabet", $"other/alp-{marker[..4]}" })
        {
            await fixture.AdminPush.PushImageAsync(name, "v1");
        }

        using var first = await fixture.Admin.GetAsync($"/v1/repositories?q={marker.ToUpperInvariant()}&n=1");
        var body = await AdminApi.ReadAsync(first);
        Assert.Equal(3, body.GetProperty("total").GetInt64());
        Assert.Equal([$"{marker}/alpha"], AdminApi.Items(body, "repositories").Select(r => r.GetProperty("name").GetString()));

        using var second = await fixture.Admin.GetAsync($"/v1/repositories?q={marker}&n=2&offset=1");
        body = await AdminApi.ReadAsync(second);
        Assert.Equal(3, body.GetProperty("total").GetInt64());
        Assert.Equal([$"{marker}/beta", $"team/{marker}-alphabet"], AdminApi.Items(body, "repositories").Select(r => r.GetProperty("name").GetString()));

        using var none = await fixture.Admin.GetAsync($"/v1/repositories?q={marker}-nothing");
        body = await AdminApi.ReadAsync(none);
        Assert.Equal(0, body.GetProperty("total").GetInt64());
        Assert.Empty(AdminApi.Items(body, "repositories"));
    }

    [Fact]
    public async Task List_Query_KeepsTheVisibilityRule()
    {
        var marker = "v" + Guid.NewGuid().ToString("N")[..10];
        await fixture.AdminPush.PushImageAsync($"{marker}/open", "v1");
        await fixture.AdminPush.PushImageAsync($"{marker}/secret", "v1");
        using (var rule = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, "/v1/policy/rules",
            $$"""{"priority": 50, "effect": "deny", "roles": ["user"], "actions": ["registry:pull"], "repositories": ["{{marker}}/secret"]}"""))
        {
            await AdminApi.ReadAsync(rule, HttpStatusCode.Created);
        }

        using var response = await fixture.User.GetAsync($"/v1/repositories?q={marker}");
        var body = await AdminApi.ReadAsync(response);
        Assert.Equal(1, body.GetProperty("total").GetInt64());
        Assert.Equal([$"{marker}/open"], AdminApi.Items(body, "repositories").Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task List_RepositoryWithoutManifests_LastPushedAtIsNull()
    {
        var repository = OciServerFixture.NewRepository("empty");
        await new OciTestClient(fixture.Admin).StartUploadAsync(repository);

        using var response = await fixture.Admin.GetAsync($"/v1/repositories?q={repository}");
        var entry = Assert.Single(AdminApi.Items(await AdminApi.ReadAsync(response), "repositories"));
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("last_pushed_at").ValueKind);
        Assert.Equal(0, entry.GetProperty("manifest_count").GetInt64());
    }

    [Theory]
    [InlineData("q=a&q=b", "q may be given once")]
    [InlineData("n=1&n=2", "n must be an integer")]
    public async Task List_RepeatedParameter_BadRequest(string query, string message)
    {
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/repositories?{query}", HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task List_QueryLongerThanAnyName_BadRequest()
    {
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/repositories?q={new string('a', 256)}", HttpStatusCode.BadRequest, "at most 255");
    }

    [Theory]
    [InlineData("n=0")]
    [InlineData("n=1001")]
    [InlineData("n=-1")]
    [InlineData("offset=-1")]
    [InlineData("n=abc")]
    [InlineData("offset=1.5")]
    [InlineData("n=99999999999")]
    [InlineData("n=1&n=2")]
    public async Task List_BadPaging_BadRequest(string query)
    {
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/repositories?{query}", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_SystemAccountWithoutCatalog_Forbidden()
    {
        using var bot = await fixture.Server.CreateClientForNewAccountAsync("robot-lister", "user", AccountType.System);
        await AdminApi.AssertGetErrorAsync(bot, "/v1/repositories", HttpStatusCode.Forbidden, "registry:catalog");
    }

    [Fact]
    public async Task Get_MultiSegmentName_ShowsTagsAndManifests()
    {
        var repository = "team/" + OciServerFixture.NewRepository("detail");
        var image = await fixture.AdminPush.PushImageAsync(repository, "v1");
        using (var retag = await fixture.AdminPush.PutManifestAsync(repository, "v2", image.Content, image.MediaType))
        {
            Assert.Equal(HttpStatusCode.Created, retag.StatusCode);
        }

        // a user (built-in rule: humans with role user may pull) sees it as well
        using var response = await fixture.User.GetAsync($"/v1/repositories/{repository}");
        var body = await AdminApi.ReadAsync(response);
        Assert.Equal(repository, body.GetProperty("name").GetString());
        Assert.Equal(2, body.GetProperty("tag_count").GetInt64());
        Assert.Equal(1, body.GetProperty("manifest_count").GetInt64());
        Assert.Equal(image.Content.Length + 64 + 256, body.GetProperty("size").GetInt64());
        var tags = AdminApi.Items(body, "tags").ToList();
        Assert.Equal(["v1", "v2"], tags.Select(t => t.GetProperty("name").GetString()));
        Assert.All(tags, t => Assert.Equal(image.Digest.ToString(), t.GetProperty("digest").GetString()));
        var manifest = Assert.Single(AdminApi.Items(body, "manifests"));
        Assert.Equal(image.Digest.ToString(), manifest.GetProperty("digest").GetString());
        Assert.Equal(image.MediaType, manifest.GetProperty("media_type").GetString());
        Assert.Equal(image.Content.Length, manifest.GetProperty("size").GetInt64());
        Assert.Equal(manifest.GetProperty("created_at").GetDateTimeOffset(), body.GetProperty("last_pushed_at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("Upper/Case")]
    [InlineData("bad..name")]
    [InlineData("trailing/")]
    [InlineData("a%2Fb")]
    public async Task GetAndDelete_InvalidName_BadRequest(string name)
    {
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/repositories/{name}", HttpStatusCode.BadRequest, "invalid repository name");
        using var delete = await fixture.Admin.DeleteAsync($"/v1/repositories/{name}");
        await AdminApi.AssertErrorAsync(delete, HttpStatusCode.BadRequest, "invalid repository name");
    }

    [Fact]
    public async Task GetAndDelete_UnknownRepository_NotFound()
    {
        var name = OciServerFixture.NewRepository("missing");
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/repositories/{name}", HttpStatusCode.NotFound, "not found");
        using var delete = await fixture.Admin.DeleteAsync($"/v1/repositories/{name}");
        await AdminApi.AssertErrorAsync(delete, HttpStatusCode.NotFound, "not found");
    }

    [Fact]
    public async Task Delete_NonAdmin_ForbiddenAndKept()
    {
        var repository = OciServerFixture.NewRepository("keep");
        await fixture.AdminPush.PushImageAsync(repository, "v1");
        using var delete = await fixture.User.DeleteAsync($"/v1/repositories/{repository}");
        await AdminApi.AssertErrorAsync(delete, HttpStatusCode.Forbidden, "admin role required");
        using var get = await fixture.Admin.GetAsync($"/v1/repositories/{repository}");
        await AdminApi.ReadAsync(get);
    }

    [Fact]
    public async Task Delete_RemovesManifestsAndTags_KeepsBlobsForGc_Audits()
    {
        var repository = OciServerFixture.NewRepository("gone");
        var image = await fixture.AdminPush.PushImageAsync(repository, "v1");
        var oci = new OciTestClient(fixture.Admin);
        var pending = await oci.StartUploadAsync(repository);
        var database = fixture.Server.Services.GetRequiredService<SqliteDatabase>();
        var blobsBefore = await CountAsync(database, "blobs");

        using (var delete = await fixture.Admin.DeleteAsync($"/v1/repositories/{repository}"))
        {
            var removed = await AdminApi.ReadAsync(delete);
            AdminApi.AssertJson("""{"manifests_removed":1,"tags_removed":1}""", removed);
        }

        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/repositories/{repository}", HttpStatusCode.NotFound);
        using (var manifest = await fixture.AdminPush.GetManifestAsync(repository, image.Digest.ToString()))
        {
            Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        }
        using (var upload = await fixture.Admin.GetAsync(pending))
        {
            Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        }
        Assert.Null(await fixture.AdminPush.ListTagsAsync(repository));
        Assert.Equal(blobsBefore, await CountAsync(database, "blobs"));

        await AdminApi.FlushAuditAsync(fixture.Server);
        var page = await fixture.Server.Services.GetRequiredService<AuditStore>().ListAsync(
            new AuditQuery { Repository = repository, EventType = AuditEventTypes.RepoDeleted });
        var entry = Assert.Single(page.Items);
        Assert.Equal(await AdminApi.AdminIdAsync(fixture.Server), entry.Event.ActorId);
        Assert.Equal("1", entry.Event.Details!["manifests"]);
        Assert.Equal("1", entry.Event.Details["tags"]);
    }

    private static async Task<long> CountAsync(SqliteDatabase database, string table)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }
}
