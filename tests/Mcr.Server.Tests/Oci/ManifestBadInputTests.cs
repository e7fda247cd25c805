using System.Net;
using System.Text;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;

namespace Mcr.Server.Tests.Oci;

/// <summary>
/// Bad manifest pushes and bad names: each is a 4xx with the spec's code, never a 5xx, and leaves nothing
/// behind (the digest stays unknown, the tag list unchanged, a new repository uncreated).
/// </summary>
public sealed class ManifestBadInputTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private readonly ManifestTestClient _client = new(fixture.Admin);

    private ManifestTestClient Client => _client;

    public static TheoryData<string, string, string?> InvalidBodies => new()
    {
        { "empty", "", ManifestMediaTypes.OciManifest },
        { "not JSON", "this is not json", ManifestMediaTypes.OciManifest },
        { "JSON array", "[]", ManifestMediaTypes.OciManifest },
        { "JSON string", "\"manifest\"", ManifestMediaTypes.OciManifest },
        { "trailing garbage", "{\"schemaVersion\":2,\"config\":{},\"layers\":[]} x", ManifestMediaTypes.OciManifest },
        { "schemaVersion 1", "{\"schemaVersion\":1,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{},\"layers\":[]}", ManifestMediaTypes.OciManifest },
        { "schemaVersion missing", "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}", ManifestMediaTypes.OciManifest },
        { "mediaType vs Content-Type", "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", ManifestMediaTypes.OciManifest },
        { "unsupported type", "{\"schemaVersion\":2,\"config\":{},\"layers\":[]}", "application/octet-stream" },
        { "bad config digest", "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:1\",\"size\":1},\"layers\":[]}", null },
        { "duplicate field", "{\"schemaVersion\":2,\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", null },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task PutManifest_InvalidBody_400ManifestInvalidAndNothingStored(string description, string body, string? contentType)
    {
        var repository = await RepositoryWithImageAsync();

        await AssertRejectedAsync(repository, "latest", Encoding.UTF8.GetBytes(body), contentType, HttpStatusCode.BadRequest, "MANIFEST_INVALID", description);
    }

    [Fact]
    public async Task PutManifest_IndexSentAsImageContentType_Rejected()
    {
        var repository = await RepositoryWithImageAsync();
        var image = await Client.PushImageAsync(repository);
        var index = TestManifests.Index([image.Descriptor]);

        await AssertRejectedAsync(repository, "latest", index, ManifestMediaTypes.DockerManifestList, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PutManifest_FiveMiB_413WithOrWithoutContentLength(bool sendLength)
    {
        var repository = await RepositoryWithImageAsync();
        var content = LargeManifest(5 * 1024 * 1024, new TestDescriptor(ManifestMediaTypes.OciEmpty, Digest.Compute(DigestAlgorithm.Sha256, "{}"u8), 2));
        var tagsBefore = await Client.ListTagsAsync(repository);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v2/{repository}/manifests/big");
        request.Content = sendLength ? new ByteArrayContent(content) : new StreamContent(new UnknownLengthStream(content));
        request.Content.Headers.ContentType = new(ManifestMediaTypes.OciManifest);

        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredAsync(repository, content, tagsBefore);
    }

    [Fact]
    public async Task PutManifest_JustUnderTheLimit_IsAccepted()
    {
        var repository = await RepositoryWithImageAsync();
        var config = await Client.PushBlobAsync(repository, "{}"u8.ToArray(), ManifestMediaTypes.OciEmpty);
        var content = LargeManifest(ManifestLimits.MaxSize - 1024, config);
        Assert.InRange(content.Length, ManifestLimits.MaxSize - 20_000, ManifestLimits.MaxSize);

        var pushed = await Client.PushManifestAsync(repository, content, ManifestMediaTypes.OciManifest, "large");

        using var get = await Client.GetManifestAsync(repository, "large");
        Assert.Equal(pushed.Content, await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PutManifest_BlobOfAnotherRepository_400ManifestBlobUnknownAndNoRepositoryCreated()
    {
        var other = await RepositoryWithImageAsync();
        var config = await Client.PushBlobAsync(other, OciTestClient.RandomBytes(64), ManifestMediaTypes.OciImageConfig);
        var layer = await Client.PushBlobAsync(other, OciTestClient.RandomBytes(64));
        var content = TestManifests.Image(config, [layer]);
        var target = OciServerFixture.NewRepository("fresh");

        using var response = await Client.PutManifestAsync(target, "latest", content, ManifestMediaTypes.OciManifest);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await ManifestTestClient.ErrorCodeAsync(response));
        Assert.Contains(config.Digest.ToString(), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await Client.ListTagsAsync(target));
        using var byDigest = await Client.GetManifestAsync(target, Digest.Compute(DigestAlgorithm.Sha256, content).ToString());
        Assert.Equal(HttpStatusCode.NotFound, byDigest.StatusCode);
    }

    [Fact]
    public async Task PutManifest_OneLayerOfAnotherRepository_Rejected()
    {
        var repository = await RepositoryWithImageAsync();
        var other = await RepositoryWithImageAsync();
        var config = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(64), ManifestMediaTypes.OciImageConfig);
        var mine = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(64));
        var theirs = await Client.PushBlobAsync(other, OciTestClient.RandomBytes(64));

        await AssertRejectedAsync(repository, "latest", TestManifests.Image(config, [mine, theirs]), ManifestMediaTypes.OciManifest,
            HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task PutManifest_IndexChildOfAnotherRepository_400ManifestBlobUnknown()
    {
        var repository = await RepositoryWithImageAsync();
        var other = await RepositoryWithImageAsync();
        var theirs = await Client.PushImageAsync(other);
        var mine = await Client.PushImageAsync(repository);

        await AssertRejectedAsync(repository, "latest", TestManifests.Index([mine.Descriptor, theirs.Descriptor]), ManifestMediaTypes.OciIndex,
            HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task PutManifest_DigestReferenceMismatch_400DigestInvalid()
    {
        var repository = await RepositoryWithImageAsync();
        var image = await Client.PushImageAsync(repository);
        var changed = image.Content.Concat("  "u8.ToArray()).ToArray();

        await AssertRejectedAsync(repository, image.Digest.ToString(), changed, image.MediaType, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        var sha512 = Digest.Compute(DigestAlgorithm.Sha512, image.Content).ToString();
        await AssertRejectedAsync(repository, sha512, changed, image.MediaType, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Theory]
    [InlineData("sha256:baddigeststring", "DIGEST_INVALID")]
    [InlineData("sha384:abc", "DIGEST_INVALID")]
    [InlineData("-leading-dash", "MANIFEST_INVALID")]
    [InlineData(".dot", "MANIFEST_INVALID")]
    [InlineData("tag%20space", "MANIFEST_INVALID")]
    [InlineData("tag!", "MANIFEST_INVALID")]
    public async Task PutManifest_InvalidReference_400(string reference, string code)
    {
        var repository = await RepositoryWithImageAsync();
        var image = await Client.PushImageAsync(repository);
        using var delete = await Client.Http.DeleteAsync($"/v2/{repository}/manifests/{image.Digest}");

        await AssertRejectedAsync(repository, reference, image.Content, image.MediaType, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task PutManifest_TagOf129Characters_400()
    {
        var repository = await RepositoryWithImageAsync();
        var image = await Client.PushImageAsync(repository);
        using var delete = await Client.Http.DeleteAsync($"/v2/{repository}/manifests/{image.Digest}");

        await AssertRejectedAsync(repository, new string('a', 129), image.Content, image.MediaType, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task PutManifest_InvalidTagParameter_400AndNoTagApplied()
    {
        var repository = await RepositoryWithImageAsync();
        var image = await Client.PushImageAsync(repository);
        using var delete = await Client.Http.DeleteAsync($"/v2/{repository}/manifests/{image.Digest}");

        await AssertRejectedAsync(repository, image.Digest.ToString(), image.Content, image.MediaType, HttpStatusCode.BadRequest, "MANIFEST_INVALID",
            tags: ["good", "bad tag"]);
    }

    [Theory]
    [InlineData("Org/App")]
    [InlineData("a..b")]
    [InlineData("app-")]
    [InlineData("a//b")]
    [InlineData("_app")]
    public async Task Endpoints_InvalidRepositoryName_400NameInvalid(string name)
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha256, "x"u8).ToString();
        using var put = await Client.PutManifestAsync(name, "latest", "{}"u8.ToArray(), ManifestMediaTypes.OciManifest);
        using var get = await Client.GetManifestAsync(name, "latest");
        using var delete = await Client.Http.DeleteAsync($"/v2/{name}/manifests/latest");
        using var tags = await Client.Http.GetAsync($"/v2/{name}/tags/list");
        using var referrers = await Client.Http.GetAsync($"/v2/{name}/referrers/{digest}");

        foreach (var response in new[] { put, get, delete, tags, referrers })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("NAME_INVALID", await ManifestTestClient.ErrorCodeAsync(response));
        }
    }

    [Theory]
    [InlineData("/v2//manifests/latest")]
    [InlineData("/v2/org/../manifests/latest")]
    [InlineData("/v2/../../etc/manifests/latest")]
    [InlineData("/v2/%2e%2e/manifests/latest")]
    [InlineData("/v2/org/app/manifests/")]
    [InlineData("/v2//tags/list")]
    [InlineData("/v2/_catalog/manifests/latest")]
    public async Task Endpoints_EmptyOrDotDotNames_Answer4xx(string path)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head, HttpMethod.Put, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, new Uri(fixture.Server.BaseAddress + path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
            if (method == HttpMethod.Put)
            {
                request.Content = new ByteArrayContent("{}"u8.ToArray());
            }
            using var response = await Client.Http.SendAsync(request);
            Assert.InRange((int)response.StatusCode, 400, 499);
        }
    }

    [Fact]
    public async Task Endpoints_NameLongerThanLimit_400NameInvalid()
    {
        var name = string.Join('/', Enumerable.Repeat(new string('a', 60), 5));

        using var response = await Client.GetManifestAsync(name, "latest");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("NAME_INVALID", await ManifestTestClient.ErrorCodeAsync(response));
    }

    /// <summary>A repository holding one tagged image, so a tag list exists to compare against.</summary>
    private async Task<string> RepositoryWithImageAsync()
    {
        var repository = OciServerFixture.NewRepository();
        await Client.PushImageAsync(repository, "existing");
        return repository;
    }

    private async Task AssertRejectedAsync(string repository, string reference, byte[] content, string? contentType,
        HttpStatusCode status, string code, string? because = null, string[]? tags = null)
    {
        var tagsBefore = await Client.ListTagsAsync(repository);

        using var response = await Client.PutManifestAsync(repository, reference, content, contentType, tags ?? []);

        Assert.True(response.StatusCode == status, $"{because ?? reference}: expected {(int)status}, got {(int)response.StatusCode}");
        Assert.Equal(code, await ManifestTestClient.ErrorCodeAsync(response));
        await AssertNothingStoredAsync(repository, content, tagsBefore);
    }

    private async Task AssertNothingStoredAsync(string repository, byte[] content, IReadOnlyList<string>? tagsBefore)
    {
        foreach (var algorithm in new[] { DigestAlgorithm.Sha256, DigestAlgorithm.Sha512 })
        {
            using var get = await Client.GetManifestAsync(repository, Digest.Compute(algorithm, content).ToString(), head: true);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }
        Assert.Equal(tagsBefore, await Client.ListTagsAsync(repository));
    }

    /// <summary>A syntactically valid image manifest padded with annotations to about <paramref name="size"/> bytes.</summary>
    private static byte[] LargeManifest(int size, TestDescriptor config)
    {
        var annotations = new Dictionary<string, string>();
        for (var i = 0; i < size / 10_040; i++)
        {
            annotations[$"large-{i:D6}"] = new string('A', 10_000);
        }
        return TestManifests.Image(config, [], annotations: annotations);
    }

    /// <summary>A stream whose length HttpClient cannot know, so the body goes out chunked.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
