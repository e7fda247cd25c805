using System.Net;
using System.Text.Json;
using Mcr.Infrastructure.Gc;
using Mcr.Infrastructure.Registry;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;
using Microsoft.Extensions.DependencyInjection;
using static Mcr.Server.Tests.Admin.GcTestSteps;

namespace Mcr.Server.Tests.Admin;

public sealed class GcEndpointsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private McrTestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await McrTestServer.StartAsync(output, options => options.Gc.GracePeriod = TimeSpan.Zero);
        _admin = _server.CreateClient(await _server.GetTokenAsync());
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task PostGc_Admin_Accepted202AndStatusShowsTheResult()
    {
        var before = await GetStatusAsync(_admin);
        Assert.False(before.GetProperty("running").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("last_run").ValueKind);

        var last = await RunGcAsync(_server, _admin);

        Assert.Equal("gc", last.GetProperty("kind").GetString());
        Assert.Equal(0, last.GetProperty("blobs_removed").GetInt64());
        Assert.Equal(0, last.GetProperty("bytes_freed").GetInt64());
        Assert.True(last.GetProperty("duration_ms").GetInt64() >= 0);
        Assert.True(last.GetProperty("completed_at").GetDateTimeOffset() >= last.GetProperty("started_at").GetDateTimeOffset());
        var after = await GetStatusAsync(_admin);
        Assert.False(after.GetProperty("running").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("current").ValueKind);
    }

    [Fact]
    public async Task PostGc_WhileARunIsInProgress_Conflict409()
    {
        // An upload commit in flight holds the run back, so the first run is certainly still going.
        var commit = await _server.Services.GetRequiredService<GcLock>().EnterCommitAsync();
        using var first = await _admin.PostAsync("/v1/gc", null);
        using var second = await _admin.PostAsync("/v1/gc?delete_untagged=true", null);
        using var reconcile = await _admin.PostAsync("/v1/gc/reconcile", null);
        var status = await GetStatusAsync(_admin);
        commit.Dispose();
        await _server.Services.GetRequiredService<GcCoordinator>().WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var id = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already in progress", await ErrorAsync(second), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, reconcile.StatusCode);
        Assert.True(status.GetProperty("running").GetBoolean());
        Assert.Equal(id, status.GetProperty("current").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("current").GetProperty("completed_at").ValueKind);
        Assert.Equal(id, (await GetStatusAsync(_admin)).GetProperty("last_run").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    [InlineData("true&delete_untagged=false")]
    public async Task PostGc_BadDeleteUntagged_BadRequest400(string value)
    {
        using var response = await _admin.PostAsync($"/v1/gc?delete_untagged={value}", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("delete_untagged must be true or false", await ErrorAsync(response));
        Assert.False((await GetStatusAsync(_admin)).GetProperty("running").GetBoolean());
    }

    [Theory]
    [InlineData("POST", "/v1/gc")]
    [InlineData("POST", "/v1/gc?delete_untagged=true")]
    [InlineData("POST", "/v1/gc/reconcile")]
    [InlineData("GET", "/v1/gc/status")]
    public async Task GcEndpoints_NonAdmin_Forbidden403(string method, string path)
    {
        using var bob = await _server.CreateClientForNewAccountAsync("bob", "user");

        using var response = await bob.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("admin role required", await ErrorAsync(response));
        Assert.Equal(JsonValueKind.Null, (await GetStatusAsync(_admin)).GetProperty("last_run").ValueKind);
    }

    [Fact]
    public async Task PostReconcile_Admin_RunsReconcile()
    {
        var last = await RunGcAsync(_server, _admin, "/v1/gc/reconcile");

        Assert.Equal("reconcile", last.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task PostGc_AfterRepositoryDelete_FreesExactlyTheBytesNoOtherRepositoryReferencesOnDisk()
    {
        var shared = OciTestClient.RandomBytes(1000);
        var alpha = await GcTestImage.PushAsync(_admin, "alpha/app", "v1", OciTestClient.RandomBytes(64), OciTestClient.RandomBytes(256), shared);
        var beta = await GcTestImage.PushAsync(_admin, "beta/app", "v1", OciTestClient.RandomBytes(65), OciTestClient.RandomBytes(257), shared);
        Assert.Equal(0, (await RunGcAsync(_server, _admin)).GetProperty("blobs_removed").GetInt64());
        var before = LayersBytes(_server);

        Assert.NotNull(await _server.Services.GetRequiredService<IRepositoryStore>().DeleteAsync("alpha/app"));
        var last = await RunGcAsync(_server, _admin);

        var alphaOnly = alpha.Blobs[0].Length + alpha.Blobs[1].Length;
        Assert.Equal(alphaOnly, before - LayersBytes(_server));
        Assert.Equal(2, last.GetProperty("blobs_removed").GetInt64());
        Assert.Equal(alphaOnly, last.GetProperty("bytes_freed").GetInt64());
        await beta.AssertPullsBackAsync(_admin);
    }

    [Fact]
    public async Task PostGc_DeleteUntagged_RemovesAnUntaggedImage()
    {
        var client = new ManifestTestClient(new OciTestClient(_admin));
        var untagged = await client.PushImageAsync("team/app");
        var tagged = await GcTestImage.PushAsync(_admin, "team/app", "v1", OciTestClient.RandomBytes(64), OciTestClient.RandomBytes(256));

        var last = await RunGcAsync(_server, _admin, "/v1/gc?delete_untagged=true");

        Assert.Equal(2, last.GetProperty("blobs_removed").GetInt64());
        using var gone = await client.GetManifestAsync("team/app", untagged.Digest.ToString());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await tagged.AssertPullsBackAsync(_admin);
    }

    [Fact]
    public async Task PostGc_FourOfFiveImagesDeletedByManifestDigest_FreesTheirBlobsOnDisk()
    {
        var images = new List<GcTestImage>();
        for (var i = 0; i < 5; i++)
        {
            images.Add(await GcTestImage.PushAsync(_admin, "ci/app", $"build-{i}", OciTestClient.RandomBytes(64 + i), OciTestClient.RandomBytes(4096 + i)));
        }
        Assert.Equal(10, LayersFiles(_server));
        foreach (var image in images.Take(4))
        {
            using var deleted = await _admin.DeleteAsync($"/v2/ci/app/manifests/{image.Manifest.Digest}");
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        }

        var last = await RunGcAsync(_server, _admin);

        Assert.Equal(8, last.GetProperty("blobs_removed").GetInt64());
        Assert.Equal(images.Take(4).Sum(i => i.Blobs.Sum(b => (long)b.Length)), last.GetProperty("bytes_freed").GetInt64());
        Assert.Equal(2, last.GetProperty("kept").GetProperty("referenced").GetInt64());
        Assert.Equal(0, last.GetProperty("kept").GetProperty("within_grace").GetInt64());
        Assert.Equal(0, last.GetProperty("manifests_removed").GetInt64());
        Assert.Equal(2, LayersFiles(_server));
        await images[4].AssertPullsBackAsync(_admin);
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
}
