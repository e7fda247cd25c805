using System.Net;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Admin;

/// <summary>
/// Rule changes through <c>/v1</c> decide the very next request (the engine is reloaded), and no rule can lock
/// the admins out of policy management. Each test has its own server: these rules are broad.
/// </summary>
public sealed class PolicyEffectTests(ITestOutputHelper output)
{
    private const string Rules = "/v1/policy/rules";

    [Fact]
    public async Task RuleChanges_DecideNextV2Request()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        using var user = await server.CreateClientForNewAccountAsync("bob", "user");
        var repository = "reload/app";
        var image = await new ManifestTestClient(new OciTestClient(admin)).PushImageAsync(repository, "v1");
        var userPull = new ManifestTestClient(new OciTestClient(user));
        await AssertPullAsync(userPull, repository, HttpStatusCode.OK);

        using var created = await AdminApi.SendAsync(admin, HttpMethod.Post, Rules,
            """{"priority": 5, "effect": "deny", "roles": ["user"], "actions": ["registry:pull"], "repositories": ["reload/*"]}""");
        var id = (await AdminApi.ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await AssertPullAsync(userPull, repository, HttpStatusCode.Forbidden);
        // the admin API applies the same decision: the detail is hidden, the list leaves it out
        await AdminApi.AssertGetErrorAsync(user, $"/v1/repositories/{repository}", HttpStatusCode.Forbidden, "registry:pull");
        using (var list = await user.GetAsync("/v1/repositories"))
        {
            var body = await AdminApi.ReadAsync(list);
            Assert.DoesNotContain(AdminApi.Items(body, "repositories"), r => r.GetProperty("name").GetString() == repository);
            Assert.Equal(0, body.GetProperty("total").GetInt64());
        }

        using (var disable = await AdminApi.SendAsync(admin, HttpMethod.Patch, $"{Rules}/{id}", """{"enabled": false}"""))
        {
            await AdminApi.ReadAsync(disable);
        }
        await AssertPullAsync(userPull, repository, HttpStatusCode.OK);

        using (var enable = await AdminApi.SendAsync(admin, HttpMethod.Patch, $"{Rules}/{id}", """{"enabled": true}"""))
        {
            await AdminApi.ReadAsync(enable);
        }
        await AssertPullAsync(userPull, repository, HttpStatusCode.Forbidden);

        using (var narrow = await AdminApi.SendAsync(admin, HttpMethod.Patch, $"{Rules}/{id}", """{"repositories": ["elsewhere/*"]}"""))
        {
            await AdminApi.ReadAsync(narrow);
        }
        await AssertPullAsync(userPull, repository, HttpStatusCode.OK);

        using (var delete = await admin.DeleteAsync($"{Rules}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        await AssertPullAsync(userPull, repository, HttpStatusCode.OK);
        Assert.Equal(image.Content, await user.GetByteArrayAsync($"/v2/{repository}/manifests/v1"));
    }

    [Fact]
    public async Task DenyPolicyManageToAdmins_HasNoEffect()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var admin = server.CreateClient(await server.GetTokenAsync());

        // the most hostile rules an admin could store: deny policy:manage to admins, and deny everything to everyone
        using var lockOut = await AdminApi.SendAsync(admin, HttpMethod.Post, Rules,
            """{"priority": 1, "effect": "deny", "roles": ["admin"], "actions": ["policy:manage"]}""");
        var lockOutId = (await AdminApi.ReadAsync(lockOut, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        using var denyAll = await AdminApi.SendAsync(admin, HttpMethod.Post, Rules, """{"priority": 1, "effect": "deny"}""");
        var denyAllId = (await AdminApi.ReadAsync(denyAll, HttpStatusCode.Created)).GetProperty("id").GetInt64();

        // the deny-all rule does stop the admin on /v2 ...
        using (var ping = await admin.GetAsync("/v2/"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, ping.StatusCode);
        }
        // ... but policy management still works, so the admin can repair the rules
        using (var list = await admin.GetAsync(Rules))
        {
            Assert.Equal(2, (await AdminApi.ReadAsync(list)).GetProperty("total").GetInt64());
        }
        using (var delete = await admin.DeleteAsync($"{Rules}/{denyAllId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        using (var delete = await admin.DeleteAsync($"{Rules}/{lockOutId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        using (var ping = await admin.GetAsync("/v2/"))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }
    }

    private static async Task AssertPullAsync(ManifestTestClient client, string repository, HttpStatusCode expected)
    {
        using var response = await client.GetManifestAsync(repository, "v1");
        Assert.Equal(expected, response.StatusCode);
    }
}
