using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Mcr.Core.Digests;

namespace Mcr.Server.Tests.Oci;

/// <summary>
/// Hostile and broken input on the blob and upload endpoints: every answer is a 4xx with the right code,
/// never a 5xx, and nothing is left behind (no partial blob, no orphan temp file, offset == bytes on disk).
/// </summary>
public sealed class BlobBadInputTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private const string ValidDigest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private OciTestClient Client => fixture.Admin;

    public static TheoryData<string> BadNames() => new()
    {
        "..",
        "%2e%2e/b",
        "UPPER/case",
        "a//b",
        "-lead",
        "trail-",
        "a/b/",
        "name%20space",
        "a%2Fb",
        "caf%C3%A9",
        "a%00b",
        new string('a', 300),
        string.Join('/', Enumerable.Repeat("abcdefgh", 40)),
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task AnyEndpoint_BadRepositoryName_Returns4xx(string name)
    {
        var requests = new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"/v2/{name}/blobs/{ValidDigest}"),
            new HttpRequestMessage(HttpMethod.Head, $"/v2/{name}/blobs/{ValidDigest}"),
            new HttpRequestMessage(HttpMethod.Delete, $"/v2/{name}/blobs/{ValidDigest}"),
            new HttpRequestMessage(HttpMethod.Post, $"/v2/{name}/blobs/uploads/"),
            new HttpRequestMessage(HttpMethod.Patch, $"/v2/{name}/blobs/uploads/{Guid.NewGuid()}") { Content = OciTestClient.Octets([1]) },
            new HttpRequestMessage(HttpMethod.Put, $"/v2/{name}/blobs/uploads/{Guid.NewGuid()}?digest={ValidDigest}"),
            new HttpRequestMessage(HttpMethod.Get, $"/v2/{name}/blobs/uploads/{Guid.NewGuid()}"),
        };
        foreach (var request in requests)
        {
            using (request)
            {
                using var response = await Client.Http.SendAsync(request);
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound,
                    $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.BadRequest && request.Method != HttpMethod.Head
                    && response.Content.Headers.ContentType?.MediaType == "application/json")
                {
                    // (Kestrel itself rejects some raw bytes such as NUL with a bare 400 before routing.)
                    await OciTestClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "NAME_INVALID");
                }
            }
        }
    }

    public static TheoryData<string> BadDigests() => new()
    {
        "sha256",
        "sha256:",
        ":abc",
        "sha256:abc",
        "sha256:" + new string('a', 63),
        "sha256:" + new string('a', 65),
        "sha256:" + new string('A', 64),
        "sha256:" + new string('g', 64),
        "sha512:" + new string('a', 64),
        "SHA256:" + new string('a', 64),
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha384:" + new string('a', 96),
        "sha256:" + new string('a', 64) + "-",
        new string('x', 5000),
    };

    [Theory]
    [MemberData(nameof(BadDigests))]
    public async Task BlobEndpoints_BadDigest_ReturnDigestInvalid(string digest)
    {
        var repository = OciServerFixture.NewRepository();

        using var get = await Client.Http.GetAsync($"/v2/{repository}/blobs/{digest}");
        using var head = await Client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}"));
        using var delete = await Client.Http.DeleteAsync($"/v2/{repository}/blobs/{digest}");

        await OciTestClient.AssertErrorAsync(get, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        Assert.Equal(HttpStatusCode.BadRequest, head.StatusCode);
        await OciTestClient.AssertErrorAsync(delete, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Theory]
    [MemberData(nameof(BadDigests))]
    public async Task UploadEndpoints_BadDigest_ReturnDigestInvalidAndKeepSession(string digest)
    {
        var repository = OciServerFixture.NewRepository();
        var query = Uri.EscapeDataString(Uri.UnescapeDataString(digest));
        var location = await Client.StartUploadAsync(repository);

        using var put = await Client.Http.PutAsync($"{location}?digest={query}", OciTestClient.Octets([1, 2, 3]));
        using var post = await Client.Http.PostAsync($"/v2/{repository}/blobs/uploads/?digest={query}", OciTestClient.Octets([1, 2, 3]));
        using var mount = await Client.Http.PostAsync($"/v2/{repository}/blobs/uploads/?mount={query}&from=other/repo", null);
        using var status = await Client.Http.GetAsync(location);

        await OciTestClient.AssertErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await OciTestClient.AssertErrorAsync(post, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await OciTestClient.AssertErrorAsync(mount, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-0", OciTestClient.Header(status, "Range"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?digest=")]
    public async Task Put_WithoutDigest_ReturnsDigestInvalid(string query)
    {
        var location = await Client.StartUploadAsync(OciServerFixture.NewRepository());

        using var put = await Client.Http.PutAsync(location + query, OciTestClient.Octets([1, 2, 3]));

        await OciTestClient.AssertErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("SHA256")]
    [InlineData("")]
    public async Task Post_UnknownDigestAlgorithm_ReturnsDigestInvalid(string algorithm)
    {
        using var response = await Client.Http.PostAsync($"/v2/{OciServerFixture.NewRepository()}/blobs/uploads/?digest-algorithm={algorithm}", null);

        await OciTestClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5-2")]
    [InlineData("-1-3")]
    [InlineData("1-")]
    [InlineData("-")]
    [InlineData("0--1")]
    [InlineData("0 - 2")]
    [InlineData("0-2,3-4")]
    [InlineData("bytes")]
    [InlineData("bytes 0-2/x")]
    [InlineData("99999999999999999999-100000000000000000000")]
    [InlineData("0-99999999999999999999")]
    [InlineData("0-9223372036854775807")]
    [InlineData("0-9223372036854775806")]
    [InlineData("1-3")]
    [InlineData("0-1")]
    [InlineData("0-3")]
    public async Task Patch_BogusContentRange_Returns4xxAndAppendsNothing(string contentRange)
    {
        var location = await Client.StartUploadAsync(OciServerFixture.NewRepository());

        using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets([1, 2, 3], contentRange));
        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(location, OciTestClient.DigestOf([1, 2, 3])),
            OciTestClient.Octets([1, 2, 3], contentRange));
        using var status = await Client.Http.GetAsync(location);

        foreach (var response in new[] { patch, put })
        {
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestedRangeNotSatisfiable,
                $"{contentRange} answered {(int)response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-0", OciTestClient.Header(status, "Range"));
        Assert.Equal(0, new FileInfo(TempFile(location)).Length);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("random")]
    public async Task UploadEndpoints_UnknownOrInvalidId_ReturnBlobUploadUnknown(string id)
    {
        var repository = OciServerFixture.NewRepository();
        await Client.StartUploadAsync(repository);
        var location = $"/v2/{repository}/blobs/uploads/{(id == "random" ? Guid.NewGuid().ToString() : id)}";

        using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets([1]));
        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(location, ValidDigest), null);
        using var status = await Client.Http.GetAsync(location);
        using var cancel = await Client.Http.DeleteAsync(location);

        foreach (var response in new[] { patch, put, status, cancel })
        {
            await OciTestClient.AssertErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        }
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task Put_DigestMismatch_RemovesSessionAndLeavesNoFiles(DigestAlgorithm algorithm)
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(500);
        var claimed = OciTestClient.DigestOf(OciTestClient.RandomBytes(500), algorithm);
        var location = await Client.StartUploadAsync(repository);
        using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[..100]));

        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(location, claimed), OciTestClient.Octets(content[100..]));
        using var status = await Client.Http.GetAsync(location);
        using var get = await Client.Http.GetAsync($"/v2/{repository}/blobs/{claimed}");

        await OciTestClient.AssertErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await OciTestClient.AssertErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        await OciTestClient.AssertErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        Assert.False(File.Exists(TempFile(location)));
        Assert.False(LayerExists(claimed));
        Assert.False(LayerExists(OciTestClient.DigestOf(content, algorithm)));
    }

    [Fact]
    public async Task SinglePost_DigestMismatch_LeavesNoFiles()
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(300);
        var claimed = OciTestClient.DigestOf(OciTestClient.RandomBytes(300));
        var uploadsBefore = UploadFiles();

        using var post = await Client.Http.PostAsync($"/v2/{repository}/blobs/uploads/?digest={claimed}", OciTestClient.Octets(content));

        await OciTestClient.AssertErrorAsync(post, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        Assert.Equal(uploadsBefore, UploadFiles());
        Assert.False(LayerExists(claimed));
        Assert.False(LayerExists(OciTestClient.DigestOf(content)));
    }

    [Fact]
    public async Task Patch_ContentLengthDisagreesWithRange_ReturnsSizeInvalid()
    {
        var location = await Client.StartUploadAsync(OciServerFixture.NewRepository());

        using var patch = await Client.Http.PatchAsync(location, OciTestClient.Octets([1, 2, 3, 4, 5], "0-9"));
        using var status = await Client.Http.GetAsync(location);

        await OciTestClient.AssertErrorAsync(patch, HttpStatusCode.BadRequest, "SIZE_INVALID");
        Assert.Equal("0-0", OciTestClient.Header(status, "Range"));
    }

    [Fact]
    public async Task Patch_ClientAbortsMidBody_OffsetEqualsBytesOnDiskAndUploadResumes()
    {
        var repository = OciServerFixture.NewRepository();
        var content = OciTestClient.RandomBytes(2000);
        var location = await Client.StartUploadAsync(repository);
        using var first = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[..100], "0-99"));

        await SendTruncatedPatchAsync(location, declaredLength: 1900, content[100..600]);

        // The next PATCH waits for the aborted one to release the session, so what it sees is final.
        using var probe = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[..1], "0-0"));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, probe.StatusCode);
        Assert.Equal("0-599", OciTestClient.Header(probe, "Range"));
        using var status = await Client.Http.GetAsync(location);
        Assert.Equal("0-599", OciTestClient.Header(status, "Range"));
        Assert.Equal(600, new FileInfo(TempFile(location)).Length);

        using var rest = await Client.Http.PatchAsync(location, OciTestClient.Octets(content[600..], "600-1999"));
        Assert.Equal(HttpStatusCode.Accepted, rest.StatusCode);
        using var put = await Client.Http.PutAsync(OciTestClient.WithDigest(location, OciTestClient.DigestOf(content)), null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    /// <summary>
    /// Sends a PATCH whose body is shorter than its Content-Length, then drops the connection. Waits
    /// for <c>100 Continue</c> first: Kestrel sends it when the handler starts reading the body, so the
    /// handler holds the session before the bytes arrive.
    /// </summary>
    private async Task SendTruncatedPatchAsync(string location, int declaredLength, byte[] sent)
    {
        var server = fixture.Server;
        var token = await server.GetTokenAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false,
            (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == server.Certificate.GetCertHashString());
        await tls.AuthenticateAsClientAsync("localhost");
        var head = $"PATCH {location} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n"
            + $"Content-Type: application/octet-stream\r\nContent-Length: {declaredLength}\r\nExpect: 100-continue\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        await tls.FlushAsync();
        Assert.StartsWith("HTTP/1.1 100", await ReadResponseHeadAsync(tls), StringComparison.Ordinal);
        await tls.WriteAsync(sent);
        await tls.FlushAsync();
        tcp.Client.Shutdown(SocketShutdown.Both);
    }

    private static async Task<string> ReadResponseHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            head.Append((char)buffer[0]);
        }
        return head.ToString();
    }

    private string TempFile(string location) => Path.Combine(fixture.Server.Options.Storage.UploadsPath, location.Split('/')[^1]);

    private bool LayerExists(string digest)
    {
        var parsed = Digest.Parse(digest);
        return File.Exists(Path.Combine(fixture.Server.Options.Storage.LayersPath, parsed.Algorithm.Name(), parsed.Hex[..2], parsed.Hex));
    }

    private string[] UploadFiles() => [.. Directory.GetFiles(fixture.Server.Options.Storage.UploadsPath).Order(StringComparer.Ordinal)];
}
