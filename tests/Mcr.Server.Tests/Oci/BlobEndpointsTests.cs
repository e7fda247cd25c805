using System.Net;
using System.Net.Http.Headers;
using Mcr.Core.Digests;

namespace Mcr.Server.Tests.Oci;

/// <summary>GET/HEAD/DELETE <c>/v2/&lt;name&gt;/blobs/&lt;digest&gt;</c> against the real server.</summary>
public sealed class BlobEndpointsTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private OciTestClient Client => fixture.Admin;

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task Get_PushedBlob_ReturnsContentAndHeaders(DigestAlgorithm algorithm)
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(3000);
        var digest = await Client.PushBlobAsync(repository, content, algorithm);

        using var response = await Client.Http.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(digest, OciTestClient.Header(response, "Docker-Content-Digest"));
        Assert.Equal(3000, response.Content.Headers.ContentLength);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("bytes", OciTestClient.Header(response, "Accept-Ranges"));
        Assert.Equal($"\"{digest}\"", response.Headers.ETag!.Tag);
        Assert.Equal("registry/2.0", OciTestClient.Header(response, "Docker-Distribution-API-Version"));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task Head_PushedBlob_ReturnsHeadersWithoutBody(DigestAlgorithm algorithm)
    {
        var repository = OciServerFixture.NewRepository();
        var digest = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(1234), algorithm);

        using var request = new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}");
        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1234, response.Content.Headers.ContentLength);
        Assert.Equal(digest, OciTestClient.Header(response, "Docker-Content-Digest"));
        Assert.Equal("bytes", OciTestClient.Header(response, "Accept-Ranges"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=0-9", 0, 9)]
    [InlineData("bytes=100-", 100, 999)]
    [InlineData("bytes=-5", 995, 999)]
    [InlineData("bytes=990-5000", 990, 999)]
    public async Task Get_WithRange_Returns206WithContentRange(string range, int first, int last)
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(1000);
        var digest = await Client.PushBlobAsync(repository, content);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {first}-{last}/1000", OciTestClient.Header(response, "Content-Range"));
        Assert.Equal(content[first..(last + 1)], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(digest, OciTestClient.Header(response, "Docker-Content-Digest"));
    }

    [Fact]
    public async Task Get_BlobOfSeveralReadWindows_WholeAndRangedAcrossWindows_ReturnsTheExactBytes()
    {
        // Downloads are read from disk in 1 MiB windows, one ahead of the response; 3.3 MiB spans four.
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes((3 << 20) + 300_001);
        var digest = await Client.PushBlobAsync(repository, content);

        using (var whole = await Client.Http.GetAsync($"/v2/{repository}/blobs/{digest}"))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync());
        }

        const int first = 1_000_001, last = 2_200_000;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
        request.Headers.TryAddWithoutValidation("Range", $"bytes={first}-{last}");
        using var ranged = await Client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
        Assert.Equal($"bytes {first}-{last}/{content.Length}", OciTestClient.Header(ranged, "Content-Range"));
        Assert.Equal(content[first..(last + 1)], await ranged.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=1000-")]
    [InlineData("bytes=5000-6000")]
    public async Task Get_UnsatisfiableRange_Returns416WithSize(string range)
    {
        var repository = OciServerFixture.NewRepository();
        var digest = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(1000));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */1000", OciTestClient.Header(response, "Content-Range"));
    }

    [Fact]
    public async Task Get_FromAnotherRepository_ReturnsBlobUnknown()
    {
        var owner = OciServerFixture.NewRepository();
        var other = OciServerFixture.NewRepository();
        var digest = await Client.PushBlobAsync(owner, OciTestClient.RandomBytes(100));
        await Client.PushBlobAsync(other, OciTestClient.RandomBytes(100)); // `other` exists, it just lacks this blob

        using var get = await Client.Http.GetAsync($"/v2/{other}/blobs/{digest}");
        using var head = await Client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{other}/blobs/{digest}"));
        using var missingRepository = await Client.Http.GetAsync($"/v2/{OciServerFixture.NewRepository()}/blobs/{digest}");

        await OciTestClient.AssertErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        await OciTestClient.AssertErrorAsync(missingRepository, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Get_UnknownDigest_ReturnsBlobUnknown()
    {
        var repository = OciServerFixture.NewRepository();
        await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(10));

        using var response = await Client.Http.GetAsync($"/v2/{repository}/blobs/{OciTestClient.DigestOf(OciTestClient.RandomBytes(10))}");

        await OciTestClient.AssertErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Get_RowWithoutFile_ReturnsBlobUnknown()
    {
        var repository = OciServerFixture.NewRepository();
        var digest = Digest.Parse(await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(64)));
        var path = Path.Combine(fixture.Server.Options.Storage.LayersPath, "sha256", digest.Hex[..2], digest.Hex);
        File.Delete(path);

        using var response = await Client.Http.GetAsync($"/v2/{repository}/blobs/{digest}");

        await OciTestClient.AssertErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task Delete_ReadableBlob_Returns202AndBlobIsGone(DigestAlgorithm algorithm)
    {
        var repository = OciServerFixture.NewRepository();
        var digest = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(50), algorithm);

        using var delete = await Client.Http.DeleteAsync($"/v2/{repository}/blobs/{digest}");
        using var get = await Client.Http.GetAsync($"/v2/{repository}/blobs/{digest}");
        using var again = await Client.Http.DeleteAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        await OciTestClient.AssertErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        await OciTestClient.AssertErrorAsync(again, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Delete_BlobOfAnotherRepository_ReturnsBlobUnknownAndKeepsIt()
    {
        var owner = OciServerFixture.NewRepository();
        var other = OciServerFixture.NewRepository();
        var digest = await Client.PushBlobAsync(owner, OciTestClient.RandomBytes(50));
        await Client.PushBlobAsync(other, OciTestClient.RandomBytes(5));

        using var delete = await Client.Http.DeleteAsync($"/v2/{other}/blobs/{digest}");
        using var get = await Client.Http.GetAsync($"/v2/{owner}/blobs/{digest}");

        await OciTestClient.AssertErrorAsync(delete, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task Get_IfNoneMatchWithEtag_Returns304()
    {
        var repository = OciServerFixture.NewRepository();
        var digest = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(20));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{digest}\""));
        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }
}
