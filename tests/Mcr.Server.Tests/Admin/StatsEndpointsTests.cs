using System.Net;
using Mcr.Core.Identity;
using Mcr.Core.Manifests;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Admin;

/// <summary>
/// <c>GET /v1/stats</c> on a registry of its own (the counts are exact): an admin sees everything, a user only the
/// repositories the policy lets it pull, a caller that may pull nothing sees zeros.
/// </summary>
public sealed class StatsEndpointsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private McrTestServer _server = null!;
    private HttpClient _admin = null!;
    private ManifestTestClient _push = null!;

    public async Task InitializeAsync()
    {
        _server = await McrTestServer.StartAsync(output);
        _admin = _server.CreateClient(await _server.GetTokenAsync());
        _push = new ManifestTestClient(new OciTestClient(_admin));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Stats_AdminSeesEverything_UserOnlyWhatItMayPull()
    {
        var shared = await _push.PushBlobAsync("stats/a", OciTestClient.RandomBytes(1000));
        var a = await PushAsync("stats/a", shared, 10, "v1");
        await _push.PushBlobAsync("stats/a", OciTestClient.RandomBytes(50)); // uploaded, referenced by no manifest
        await _push.PushBlobAsync("stats/b", OciTestClient.RandomBytes(1000)); // the same
        using (var mount = await _admin.PostAsync($"/v2/stats/b/blobs/uploads/?mount={shared.Digest}&from=stats/a", null))
        {
            Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        }
        var b = await PushAsync("stats/b", shared, 20, "v1", "v2");
        var privateLayer = await _push.PushBlobAsync("private/c", OciTestClient.RandomBytes(400));
        var c = await PushAsync("private/c", privateLayer, 30, "v1");
        using (var rule = await AdminApi.SendAsync(_admin, HttpMethod.Post, "/v1/policy/rules",
            """{"priority": 10, "effect": "deny", "roles": ["user"], "actions": ["registry:pull"], "repositories": ["private/*"]}"""))
        {
            await AdminApi.ReadAsync(rule, HttpStatusCode.Created);
        }
        var sizeA = a.Manifest.Content.Length + 10 + 1000;
        var sizeB = b.Manifest.Content.Length + 20 + 1000;
        var sizeC = c.Manifest.Content.Length + 30 + 400;

        using var adminResponse = await _admin.GetAsync("/v1/stats");
        var admin = await AdminApi.ReadAsync(adminResponse);
        AdminApi.AssertFields(admin, "repository_count", "manifest_count", "tag_count", "blob_count", "stored_bytes", "repository_bytes", "recent_pushes");
        Assert.Equal(3, admin.GetProperty("repository_count").GetInt64());
        Assert.Equal(3, admin.GetProperty("manifest_count").GetInt64());
        Assert.Equal(4, admin.GetProperty("tag_count").GetInt64());
        // configs 10, 20, 30; the shared layer once; the private layer; the two blobs only uploaded
        Assert.Equal(7, admin.GetProperty("blob_count").GetInt64());
        Assert.Equal(10 + 20 + 30 + 1000 + 400 + 50 + 1000, admin.GetProperty("stored_bytes").GetInt64());
        Assert.Equal(sizeA + sizeB + sizeC, admin.GetProperty("repository_bytes").GetInt64());
        var pushes = AdminApi.Items(admin, "recent_pushes").ToList();
        Assert.Equal(["private/c", "stats/b", "stats/a"], pushes.Select(p => p.GetProperty("repository").GetString()));
        AdminApi.AssertFields(pushes[1], "repository", "digest", "tags", "media_type", "pushed_at");
        Assert.Equal(b.Manifest.Digest.ToString(), pushes[1].GetProperty("digest").GetString());
        AdminApi.AssertJson("""["v1","v2"]""", pushes[1].GetProperty("tags"));
        Assert.Equal(ManifestMediaTypes.OciManifest, pushes[1].GetProperty("media_type").GetString());
        Assert.True(AdminApi.Time(pushes[0], "pushed_at") >= AdminApi.Time(pushes[1], "pushed_at"));

        using var user = await _server.CreateClientForNewAccountAsync("stats-user", "user");
        using var userResponse = await user.GetAsync("/v1/stats");
        var seen = await AdminApi.ReadAsync(userResponse);
        Assert.Equal(2, seen.GetProperty("repository_count").GetInt64());
        Assert.Equal(2, seen.GetProperty("manifest_count").GetInt64());
        Assert.Equal(3, seen.GetProperty("tag_count").GetInt64());
        // readable from stats/a or stats/b: two configs, the shared layer, both uploaded-only blobs
        Assert.Equal(5, seen.GetProperty("blob_count").GetInt64());
        Assert.Equal(10 + 20 + 1000 + 50 + 1000, seen.GetProperty("stored_bytes").GetInt64());
        Assert.Equal(sizeA + sizeB, seen.GetProperty("repository_bytes").GetInt64());
        Assert.Equal(["stats/b", "stats/a"], AdminApi.Items(seen, "recent_pushes").Select(p => p.GetProperty("repository").GetString()));
    }

    [Fact]
    public async Task Stats_CallerThatMayPullNothing_SeesZeros()
    {
        await PushAsync("stats/z", await _push.PushBlobAsync("stats/z", OciTestClient.RandomBytes(10)), 5, "v1");
        using var bot = await _server.CreateClientForNewAccountAsync("stats-bot", "user", AccountType.System);

        using var response = await bot.GetAsync("/v1/stats");

        AdminApi.AssertJson(
            """{"repository_count":0,"manifest_count":0,"tag_count":0,"blob_count":0,"stored_bytes":0,"repository_bytes":0,"recent_pushes":[]}""",
            await AdminApi.ReadAsync(response));
    }

    [Fact]
    public async Task Stats_RecentPushes_TheTenNewest()
    {
        var layer = await _push.PushBlobAsync("stats/many", OciTestClient.RandomBytes(10));
        var pushed = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            pushed.Add((await PushAsync("stats/many", layer, 40 + i)).Manifest.Digest.ToString());
        }

        using var response = await _admin.GetAsync("/v1/stats");
        var body = await AdminApi.ReadAsync(response);

        var recent = AdminApi.Items(body, "recent_pushes").ToList();
        Assert.Equal(Enumerable.Reverse(pushed).Take(10), recent.Select(p => p.GetProperty("digest").GetString()));
        Assert.All(recent, p => AdminApi.AssertJson("[]", p.GetProperty("tags")));
    }

    /// <summary>An image of a fresh config of <paramref name="configSize"/> bytes and the given layer.</summary>
    private async Task<AdminImage> PushAsync(string repository, TestDescriptor layer, int configSize, params string[] tags)
    {
        var config = await _push.PushBlobAsync(repository, OciTestClient.RandomBytes(configSize), ManifestMediaTypes.OciImageConfig);
        var content = TestManifests.Image(config, [layer]);
        var manifest = await _push.PushManifestAsync(repository, content, ManifestMediaTypes.OciManifest, tags.FirstOrDefault());
        foreach (var tag in tags.Skip(1))
        {
            using var retag = await _push.PutManifestAsync(repository, tag, content, ManifestMediaTypes.OciManifest);
            Assert.Equal(HttpStatusCode.Created, retag.StatusCode);
        }
        return new AdminImage(manifest, config, layer);
    }
}
