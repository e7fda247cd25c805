using System.Net;
using Mcr.Server.Tests.Admin;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// Knowing a digest never grants access (SPEC §6): a user denied pull on a repository cannot read or mount its
/// blobs, and a blob in one repository is unknown in another, even to the user who uploaded it.
/// </summary>
public sealed class BlobAccessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private McrTestServer _server = null!;
    private OciTestClient _admin = null!;
    private OciTestClient _user = null!;

    public async Task InitializeAsync()
    {
        _server = await McrTestServer.StartAsync(output);
        _admin = new OciTestClient(_server.CreateClient(await _server.GetTokenAsync()));
        _user = new OciTestClient(await _server.CreateClientForNewAccountAsync("bob", "user"));
        using var rule = await AdminApi.SendAsync(_admin.Http, HttpMethod.Post, "/v1/policy/rules",
            """{"priority": 5, "effect": "deny", "roles": ["user"], "actions": ["registry:pull"], "repositories": ["private/*"]}""");
        await AdminApi.ReadAsync(rule, HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        _admin.Http.Dispose();
        _user.Http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task BlobOfRepositoryWithoutPull_GetAndHead_403Denied()
    {
        var digest = await _admin.PushBlobAsync("private/app", OciTestClient.RandomBytes(256));

        using var get = await _user.Http.GetAsync($"/v2/private/app/blobs/{digest}");
        using var head = await _user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/private/app/blobs/{digest}"));

        await OciTestClient.AssertErrorAsync(get, HttpStatusCode.Forbidden, "DENIED");
        Assert.Equal(HttpStatusCode.Forbidden, head.StatusCode);
    }

    [Fact]
    public async Task MountFromRepositoryWithoutPull_FallsBackTo202AndLinksNothing()
    {
        var digest = await _admin.PushBlobAsync("private/app", OciTestClient.RandomBytes(256));

        using var mount = await _user.Http.PostAsync($"/v2/bob/app/blobs/uploads/?mount={digest}&from=private/app", null);

        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);
        Assert.NotNull(mount.Headers.Location);
        using var get = await _user.Http.GetAsync($"/v2/bob/app/blobs/{digest}");
        await OciTestClient.AssertErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task MountFromRepositoryWithPull_Is201()
    {
        var digest = await _admin.PushBlobAsync("open/app", OciTestClient.RandomBytes(256));

        using var mount = await _user.Http.PostAsync($"/v2/bob/mounted/blobs/uploads/?mount={digest}&from=open/app", null);

        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        using var get = await _user.Http.GetAsync($"/v2/bob/mounted/blobs/{digest}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task BlobOfRepositoryA_FromRepositoryB_404BlobUnknownForTheSameUser()
    {
        var digest = await _user.PushBlobAsync("bob/a", OciTestClient.RandomBytes(256));
        await _user.PushBlobAsync("bob/b", OciTestClient.RandomBytes(16));

        using var get = await _user.Http.GetAsync($"/v2/bob/b/blobs/{digest}");
        using var head = await _user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/bob/b/blobs/{digest}"));
        using var fromA = await _user.Http.GetAsync($"/v2/bob/a/blobs/{digest}");

        await OciTestClient.AssertErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromA.StatusCode);
    }
}
