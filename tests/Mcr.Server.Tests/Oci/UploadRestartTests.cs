using System.Net;
using Mcr.Core.Digests;
using Mcr.Infrastructure.Registry;
using Mcr.Server.Tests.Hosting;
using Mcr.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Oci;

/// <summary>An upload session outlives the process: its offset is in the database, its hash is rebuilt from the file.</summary>
public sealed class UploadRestartTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task Upload_AfterServerRestart_ResumesAndCommits(DigestAlgorithm algorithm)
    {
        using var data = new TempDirectory("mcr-restart");
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(2 * 1024 * 1024 + 5);
        var half = content.Length / 2;
        string location;

        await using (var first = await StartAsync(data))
        {
            using var client = first.CreateClient(await first.GetTokenAsync());
            location = await new OciTestClient(client).StartUploadAsync(repository);
            using var patch = await client.PatchAsync(location, OciTestClient.Octets(content[..half], $"0-{half - 1}"));
            Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        }

        await using var second = await StartAsync(data);
        using var resumed = second.CreateClient(await second.GetTokenAsync());
        using var status = await resumed.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal($"0-{half - 1}", OciTestClient.Header(status, "Range"));
        using var rest = await resumed.PatchAsync(location, OciTestClient.Octets(content[half..], $"{half}-{content.Length - 1}"));
        Assert.Equal(HttpStatusCode.Accepted, rest.StatusCode);
        var digest = OciTestClient.DigestOf(content, algorithm);
        using var put = await resumed.PutAsync(OciTestClient.WithDigest(location, digest), null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(content, await resumed.GetByteArrayAsync($"/v2/{repository}/blobs/{digest}"));
    }

    [Fact]
    public async Task Status_AfterACrashBetweenAWriteAndItsOffsetUpdate_ReportsTheOffsetAPatchAccepts()
    {
        using var data = new TempDirectory("mcr-restart");
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(300_000);
        string location;

        await using (var first = await StartAsync(data))
        {
            using var client = first.CreateClient(await first.GetTokenAsync());
            location = await new OciTestClient(client).StartUploadAsync(repository);
            using var patch = await client.PatchAsync(location, OciTestClient.Octets(content[..200_000], "0-199999"));
            Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
            // The process dies after the chunk reached the file, before its offset reached the database.
            var id = Guid.Parse(location.Split('/')[^1].Split('?')[0]);
            Assert.True(await first.Services.GetRequiredService<IUploadStore>().UpdateOffsetAsync(id, 100_000));
        }

        await using var second = await StartAsync(data);
        using var resumed = second.CreateClient(await second.GetTokenAsync());
        using var status = await resumed.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-199999", OciTestClient.Header(status, "Range"));
        using var rest = await resumed.PatchAsync(location, OciTestClient.Octets(content[200_000..], $"200000-{content.Length - 1}"));
        Assert.Equal(HttpStatusCode.Accepted, rest.StatusCode);
        var digest = OciTestClient.DigestOf(content);
        using var put = await resumed.PutAsync(OciTestClient.WithDigest(location, digest), null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(content, await resumed.GetByteArrayAsync($"/v2/{repository}/blobs/{digest}"));
    }

    /// <summary>A server whose database and storage live in <paramref name="data"/>, so a second one finds them.</summary>
    private Task<McrTestServer> StartAsync(TempDirectory data) =>
        McrTestServer.StartAsync(output, options =>
        {
            options.Database.Path = data.Combine("mcr.db");
            options.Storage.LayersPath = data.Combine("layers");
            options.Storage.UploadsPath = data.Combine("uploads");
        });
}
