using System.Net;
using Mcr.Core.Digests;

namespace Mcr.Server.Tests.Oci;

/// <summary>Upload sessions (POST, PATCH, PUT, GET status, DELETE) and mounts against the real server.</summary>
public sealed class UploadEndpointsTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private OciTestClient Client => fixture.Admin;

    [Fact]
    public async Task Post_Plain_Returns202WithSessionHeaders()
    {
        var repository = OciServerFixture.NewRepository();

        using var response = await Client.Http.PostAsync($"/v2/{repository}/blobs/uploads/", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var uuid = OciTestClient.Header(response, "Docker-Upload-UUID");
        Assert.Equal($"/v2/{repository}/blobs/uploads/{uuid}", location);
        Assert.True(Guid.TryParseExact(uuid, "D", out _));
        Assert.Equal("0-0", OciTestClient.Header(response, "Range"));
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.True(File.Exists(Path.Combine(fixture.Server.Options.Storage.UploadsPath, uuid)));
    }

    [Fact]
    public async Task Post_WithoutTrailingSlash_Returns202()
    {
        using var response = await Client.Http.PostAsync($"/v2/{OciServerFixture.NewRepository()}/blobs/uploads", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task PostThenPut_WholeBody_Returns201AndBlobIsPullable(DigestAlgorithm algorithm)
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(5000);
        var digest = OciTestClient.DigestOf(content, algorithm);
        var location = await Client.StartUploadAsync(repository);

        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(location, digest), OciTestClient.Octets(content));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/v2/{repository}/blobs/{digest}", put.Headers.Location!.OriginalString);
        Assert.Equal(digest, OciTestClient.Header(put, "Docker-Content-Digest"));
        Assert.Equal(content, await Client.Http.GetByteArrayAsync($"/v2/{repository}/blobs/{digest}"));
        using var status = await Client.Http.GetAsync(location);
        await OciTestClient.AssertErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task Post_WithDigestAndBody_Returns201(DigestAlgorithm algorithm)
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(777);
        var digest = OciTestClient.DigestOf(content, algorithm);
        var uploadsBefore = UploadFiles();

        using var response = await Client.Http.PostAsync(
            $"/v2/{repository}/blobs/uploads/?digest={Uri.EscapeDataString(digest)}", OciTestClient.Octets(content));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{repository}/blobs/{digest}", response.Headers.Location!.OriginalString);
        Assert.Equal(digest, OciTestClient.Header(response, "Docker-Content-Digest"));
        Assert.Equal(content, await Client.Http.GetByteArrayAsync($"/v2/{repository}/blobs/{digest}"));
        Assert.Equal(uploadsBefore, UploadFiles());
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task Patch_ThreeChunks_ThenPut_Returns201(DigestAlgorithm algorithm)
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(3 * 1000 + 1);
        var digest = OciTestClient.DigestOf(content, algorithm);
        var location = await Client.StartUploadAsync(repository);

        foreach (var (start, end) in new[] { (0, 999), (1000, 1999), (2000, 3000) })
        {
            using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[start..(end + 1)], $"{start}-{end}"));
            Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
            Assert.Equal($"0-{end}", OciTestClient.Header(patch, "Range"));
            Assert.Equal(0, patch.Content.Headers.ContentLength);
            location = patch.Headers.Location!.OriginalString;
        }
        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(location, digest), null);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(content, await Client.Http.GetByteArrayAsync($"/v2/{repository}/blobs/{digest}"));
    }

    [Fact]
    public async Task Patch_WithBytesPrefixAndTotal_IsAccepted()
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(10);
        var location = await Client.StartUploadAsync(repository);

        using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets(content, "bytes 0-9/10"));

        Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        Assert.Equal("0-9", OciTestClient.Header(patch, "Range"));
    }

    [Fact]
    public async Task Patch_OutOfOrder_Returns416WithCurrentRange()
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(20);
        var location = await Client.StartUploadAsync(repository);
        using var first = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[..10], "0-9"));

        using var skipped = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[15..], "15-19"));
        using var repeated = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[..10], "0-9"));

        foreach (var response in new[] { skipped, repeated })
        {
            await OciTestClient.AssertErrorAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable, "BLOB_UPLOAD_INVALID");
            Assert.Equal("0-9", OciTestClient.Header(response, "Range"));
            Assert.Equal(location, response.Headers.Location!.OriginalString);
        }
        // The session is intact: the right chunk still completes it.
        using var next = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[10..], "10-19"));
        Assert.Equal("0-19", OciTestClient.Header(next, "Range"));
        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(location, OciTestClient.DigestOf(content)), null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task Patch_StreamedWithoutContentRange_Appends()
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(3 * 1024 * 1024 + 17);
        var location = await Client.StartUploadAsync(repository);

        using var first = await Client.Http.PatchAsync(location, new StreamContent(new MemoryStream(content[..1_000_000])));
        using var second = await Client.Http.PatchAsync(location, new StreamContent(new MemoryStream(content[1_000_000..])));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("0-999999", OciTestClient.Header(first, "Range"));
        Assert.Equal($"0-{content.Length - 1}", OciTestClient.Header(second, "Range"));
        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(location, OciTestClient.DigestOf(content, DigestAlgorithm.Sha512)), null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task Put_WithFinalChunk_Returns201()
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(30);
        var location = await Client.StartUploadAsync(repository);
        using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[..20], "0-19"));

        using var put = await Client.Http.PutAsync(
            OciTestClient.WithDigest(location, OciTestClient.DigestOf(content)), OciTestClient.Octets(content[20..], "20-29"));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(content, await Client.Http.GetByteArrayAsync($"/v2/{repository}/blobs/{OciTestClient.DigestOf(content)}"));
    }

    [Fact]
    public async Task Put_FinalChunkOutOfOrder_Returns416AndKeepsSession()
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(30);
        var digest = OciTestClient.DigestOf(content);
        var location = await Client.StartUploadAsync(repository);
        using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[..20], "0-19"));

        using var wrong = await Client.Http.PutAsync(OciTestClient.WithDigest(location, digest), OciTestClient.Octets(content[25..], "25-29"));
        using var right = await Client.Http.PutAsync(OciTestClient.WithDigest(location, digest), OciTestClient.Octets(content[20..], "20-29"));

        await OciTestClient.AssertErrorAsync(wrong, HttpStatusCode.RequestedRangeNotSatisfiable, "BLOB_UPLOAD_INVALID");
        Assert.Equal("0-19", OciTestClient.Header(wrong, "Range"));
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task Put_EmptyBlob_Returns201AndGetReturnsNothing(DigestAlgorithm algorithm)
    {
        var repository = OciServerFixture.NewRepository();
        var digest = OciTestClient.DigestOf([], algorithm);
        var location = await Client.StartUploadAsync(repository);

        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(location, digest), null);
        using var get = await Client.Http.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(0, get.Content.Headers.ContentLength);
        Assert.Equal(digest, OciTestClient.Header(get, "Docker-Content-Digest"));
    }

    [Fact]
    public async Task Status_ReportsRangeAndLocation()
    {
        var repository = OciServerFixture.NewRepository();
        var location = await Client.StartUploadAsync(repository);

        using var empty = await Client.Http.GetAsync(location);
        using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets(OciTestClient.RandomBytes(42), "0-41"));
        using var after = await Client.Http.GetAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal("0-0", OciTestClient.Header(empty, "Range"));
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
        Assert.Equal("0-41", OciTestClient.Header(after, "Range"));
        Assert.Equal(location, after.Headers.Location!.OriginalString);
        Assert.Equal(location.Split('/')[^1], OciTestClient.Header(after, "Docker-Upload-UUID"));
    }

    [Fact]
    public async Task Delete_Session_Returns204AndRemovesTempFile()
    {
        var repository = OciServerFixture.NewRepository();
        var location = await Client.StartUploadAsync(repository);
        using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets(OciTestClient.RandomBytes(42)));
        var tempFile = Path.Combine(fixture.Server.Options.Storage.UploadsPath, location.Split('/')[^1]);
        Assert.True(File.Exists(tempFile));

        using var cancel = await Client.Http.DeleteAsync(location);
        using var status = await Client.Http.GetAsync(location);
        using var again = await Client.Http.DeleteAsync(location);
        using var patchAfter = await Client.Http.PatchAsync(location, OciTestClient.Octets([1, 2, 3]));

        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        Assert.False(File.Exists(tempFile));
        await OciTestClient.AssertErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        await OciTestClient.AssertErrorAsync(again, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        await OciTestClient.AssertErrorAsync(patchAfter, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Session_UsedThroughAnotherRepository_IsUnknown()
    {
        var repository = OciServerFixture.NewRepository();
        var other = OciServerFixture.NewRepository();
        var location = await Client.StartUploadAsync(repository);
        var foreign = location.Replace(repository, other, StringComparison.Ordinal);

        using var patch = await Client.Http.PatchAsync(foreign, OciTestClient.Octets([1, 2, 3]));
        using var status = await Client.Http.GetAsync(foreign);
        using var cancel = await Client.Http.DeleteAsync(foreign);
        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(foreign, OciTestClient.DigestOf([])), null);

        foreach (var response in new[] { patch, status, cancel, put })
        {
            await OciTestClient.AssertErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        }
        using var own = await Client.Http.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        Assert.Equal("0-0", OciTestClient.Header(own, "Range"));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task Mount_FromRepositoryWithBlob_Returns201AndBlobIsReadable(DigestAlgorithm algorithm)
    {
        var source = OciServerFixture.NewRepository();
        var target = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(100);
        var digest = await Client.PushBlobAsync(source, content, algorithm);

        using var mount = await Client.Http.PostAsync($"/v2/{target}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={source}", null);

        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        Assert.Equal($"/v2/{target}/blobs/{digest}", mount.Headers.Location!.OriginalString);
        Assert.Equal(digest, OciTestClient.Header(mount, "Docker-Content-Digest"));
        Assert.Equal(content, await Client.Http.GetByteArrayAsync($"/v2/{target}/blobs/{digest}"));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("without-blob")]
    [InlineData("no-from")]
    [InlineData("invalid-from")]
    public async Task Mount_NotPossible_FallsBackToSession(string situation)
    {
        var source = OciServerFixture.NewRepository();
        var target = OciServerFixture.NewRepository();
        var digest = await Client.PushBlobAsync(source, OciTestClient.RandomBytes(100));
        var withoutBlob = OciServerFixture.NewRepository();
        await Client.PushBlobAsync(withoutBlob, OciTestClient.RandomBytes(10));
        var query = situation switch
        {
            "missing" => $"mount={digest}&from={OciServerFixture.NewRepository()}",
            "without-blob" => $"mount={digest}&from={withoutBlob}",
            "no-from" => $"mount={digest}",
            _ => $"mount={digest}&from=..%2Fetc",
        };

        using var response = await Client.Http.PostAsync($"/v2/{target}/blobs/uploads/?{query}", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith($"/v2/{target}/blobs/uploads/", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("0-0", OciTestClient.Header(response, "Range"));
        using var get = await Client.Http.GetAsync($"/v2/{target}/blobs/{digest}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Post_DigestAlgorithmSha512_Returns202()
    {
        using var response = await Client.Http.PostAsync($"/v2/{OciServerFixture.NewRepository()}/blobs/uploads/?digest-algorithm=sha512", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Put_SameBlobTwice_BothSucceed()
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(64);

        var first = await Client.PushBlobAsync(repository, content);
        var second = await Client.PushBlobAsync(OciServerFixture.NewRepository(), content);

        Assert.Equal(first, second);
    }

    private string[] UploadFiles() => [.. Directory.GetFiles(fixture.Server.Options.Storage.UploadsPath).Order(StringComparer.Ordinal)];
}
