using System.Net;
using System.Text.Json;
using Mcr.Server.Tests.Admin;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;
using Microsoft.Data.Sqlite;
using static Mcr.Server.Tests.Admin.GcTestSteps;

namespace Mcr.Server.Tests.Reliability;

/// <summary>
/// The registry's storage or database on a small real filesystem (tmpfs) that fills up, or its database
/// locked by another process.
/// Pushes then get a clear error with a body (never a hang, never a bare 500), nothing partial stays behind,
/// committed images still pull, and once space is back pushes work again.
/// </summary>
public sealed class StorageFailureTests(ITestOutputHelper output)
{
    private const int MiB = 1024 * 1024;
    private static readonly TimeSpan _requestTimeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task StorageFull_PushFailsCleanly_AndWorksAgainOnceGcFreesSpace()
    {
        using var disk = TmpfsMount.Create("mcr-storage-full", 16 * MiB, output);
        await using var server = await McrTestServer.StartAsync(output, options =>
        {
            options.Storage.LayersPath = disk.Combine("layers");
            options.Storage.UploadsPath = disk.Combine("uploads");
            options.Gc.GracePeriod = TimeSpan.Zero;
        });
        using var admin = server.CreateClient(await server.GetTokenAsync());
        admin.Timeout = _requestTimeout;
        var committed = await GcTestImage.PushAsync(admin, "full/app", "v1", OciTestClient.RandomBytes(64), OciTestClient.RandomBytes(MiB));
        var oci = new OciTestClient(admin);

        var fillers = new List<string>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            var blob = OciTestClient.RandomBytes(3 * MiB);
            var digest = OciTestClient.DigestOf(blob);
            var location = await oci.StartUploadAsync("full/app");
            var response = await admin.PutAsync(OciTestClient.WithDigest(location, digest), OciTestClient.Octets(blob));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                fillers.Add(digest);
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            await AssertStorageFullAsync(refused);
        }
        output.WriteLine($"{fillers.Count} blobs of 3 MiB fitted before the push was refused with 507");
        Assert.Equal(0, UploadBytes(server));
        await committed.AssertPullsBackAsync(admin);

        foreach (var digest in fillers)
        {
            using var deleted = await admin.DeleteAsync($"/v2/full/app/blobs/{digest}");
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        }
        await RunGcAsync(server, admin);
        var again = await GcTestImage.PushAsync(admin, "full/app", "v2", OciTestClient.RandomBytes(65), OciTestClient.RandomBytes(3 * MiB));
        await again.AssertPullsBackAsync(admin);
        await committed.AssertPullsBackAsync(admin);
    }

    [SkippableFact]
    public async Task DatabaseFull_WritesFailCleanly_PullsGoOn_AndWritesWorkAgainOnceSpaceIsBack()
    {
        using var disk = TmpfsMount.Create("mcr-database-full", 8 * MiB, output);
        await using var server = await McrTestServer.StartAsync(output, options => options.Database.Path = disk.Combine("mcr.db"));
        using var admin = server.CreateClient(await server.GetTokenAsync());
        admin.Timeout = _requestTimeout;
        var committed = await GcTestImage.PushAsync(admin, "dbfull/app", "v1", OciTestClient.RandomBytes(64), OciTestClient.RandomBytes(4096));
        var filler = disk.Fill(spare: 0);

        var refusals = 0;
        for (var i = 0; i < 50; i++)
        {
            using var response = await PushPaddedImageAsync(admin, i);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                continue;
            }
            await AssertDatabaseRefusedAsync(response);
            refusals++;
            break;
        }
        Assert.Equal(1, refusals);
        await committed.AssertPullsBackAsync(admin);

        File.Delete(filler);
        var again = await GcTestImage.PushAsync(admin, "dbfull/app", "v2", OciTestClient.RandomBytes(65), OciTestClient.RandomBytes(4096));
        await again.AssertPullsBackAsync(admin);
    }

    [Fact]
    public async Task DatabaseLockedByAnotherProcess_WritesFailCleanlyAfterTheBusyTimeout_PullsGoOn_AndWritesWorkAgain()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        admin.Timeout = _requestTimeout;
        var committed = await GcTestImage.PushAsync(admin, "locked/app", "v1", OciTestClient.RandomBytes(64), OciTestClient.RandomBytes(4096));

        // What a sqlite3 shell left inside a transaction, or a careless backup tool, does to the registry.
        using (var holder = new SqliteConnection($"Data Source={server.Options.Database.Path};Pooling=False"))
        {
            holder.Open();
            using var exclusive = holder.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            exclusive.ExecuteNonQuery();

            using var refused = await admin.PostAsync("/v2/locked/app/blobs/uploads/", null);
            await AssertDatabaseRefusedAsync(refused);
            await committed.AssertPullsBackAsync(admin);
        }

        var again = await GcTestImage.PushAsync(admin, "locked/app", "v2", OciTestClient.RandomBytes(65), OciTestClient.RandomBytes(4096));
        await again.AssertPullsBackAsync(admin);
    }

    /// <summary>
    /// Pushes two small blobs and a manifest padded to 200 KB, one request at a time, and answers the first
    /// response that is not a success (or the manifest's 201): whichever write found the database full.
    /// </summary>
    private static async Task<HttpResponseMessage> PushPaddedImageAsync(HttpClient admin, int i)
    {
        var descriptors = new List<TestDescriptor>();
        foreach (var content in new[] { OciTestClient.RandomBytes(2000), OciTestClient.RandomBytes(2000) })
        {
            var start = await admin.PostAsync("/v2/dbfull/app/blobs/uploads/", null);
            if (start.StatusCode != HttpStatusCode.Accepted)
            {
                return start;
            }
            var digest = OciTestClient.DigestOf(content);
            var location = start.Headers.Location!.ToString();
            start.Dispose();
            var commit = await admin.PutAsync(OciTestClient.WithDigest(location, digest), OciTestClient.Octets(content));
            if (commit.StatusCode != HttpStatusCode.Created)
            {
                return commit;
            }
            commit.Dispose();
            descriptors.Add(new TestDescriptor(TestManifests.LayerType, Core.Digests.Digest.Parse(digest), content.Length));
        }
        var manifest = TestManifests.Image(descriptors[0], [descriptors[1]], annotations: new Dictionary<string, string> { ["padding"] = new string('x', 200_000) });
        return await new ManifestTestClient(new OciTestClient(admin)).PutManifestAsync("dbfull/app", $"t{i}", manifest, Core.Manifests.ManifestMediaTypes.OciManifest);
    }

    private static async Task AssertStorageFullAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.InsufficientStorage, $"answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Contains("storage is full", json.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertDatabaseRefusedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.InsufficientStorage or HttpStatusCode.ServiceUnavailable,
            $"answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Contains("database", json.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static long UploadBytes(McrTestServer server) =>
        Directory.EnumerateFiles(server.Options.Storage.UploadsPath, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
