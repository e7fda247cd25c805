using System.Net;
using System.Text;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;

namespace Mcr.Server.Tests.Oci;

/// <summary>Manifest push, pull, HEAD and delete over real HTTP for every supported manifest type.</summary>
public sealed class ManifestEndpointsTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private readonly ManifestTestClient _client = new(fixture.Admin);

    private ManifestTestClient Client => _client;

    [Fact]
    public async Task PutManifest_OciImageByTag_ServesExactBytesByTagAndDigest()
    {
        var repository = OciServerFixture.NewRepository();
        var config = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(64), ManifestMediaTypes.OciImageConfig);
        var layer = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(300));
        // Unknown fields and odd whitespace must survive byte-for-byte.
        var content = Encoding.UTF8.GetBytes($$"""
            { "schemaVersion": 2, "x-unknown": {"keep": [1, 2]},
              "mediaType": "{{ManifestMediaTypes.OciManifest}}",
              "config": {{config.ToJson().ToJsonString()}},   "layers": [{{layer.ToJson().ToJsonString()}}] }
            """);
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);

        using var put = await Client.PutManifestAsync(repository, "v1.0", content, ManifestMediaTypes.OciManifest);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/v2/{repository}/manifests/{digest}", put.Headers.Location!.OriginalString);
        Assert.Equal(digest.ToString(), Header(put, "Docker-Content-Digest"));
        Assert.False(put.Headers.Contains("OCI-Subject"));
        foreach (var reference in new[] { "v1.0", digest.ToString() })
        {
            using var get = await Client.GetManifestAsync(repository, reference);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(content, await get.Content.ReadAsByteArrayAsync());
            Assert.Equal(ManifestMediaTypes.OciManifest, get.Content.Headers.ContentType!.ToString());
            Assert.Equal(content.Length, get.Content.Headers.ContentLength);
            Assert.Equal(digest.ToString(), Header(get, "Docker-Content-Digest"));
            Assert.Equal($"\"{digest}\"", get.Headers.ETag!.ToString());
        }
    }

    [Fact]
    public async Task PutManifest_OciIndexAfterChildren_IsStoredAndTagged()
    {
        var repository = OciServerFixture.NewRepository();
        var amd64 = await Client.PushImageAsync(repository);
        var arm64 = await Client.PushImageAsync(repository);

        var index = await Client.PushIndexAsync(repository, [amd64.Descriptor, arm64.Descriptor], tag: "latest");

        await AssertServedAsync(repository, "latest", index);
        await AssertServedAsync(repository, index.Digest.ToString(), index);
    }

    [Fact]
    public async Task PutManifest_DockerManifestAndManifestList_RoundTrip()
    {
        var repository = OciServerFixture.NewRepository("docker");
        var image = await Client.PushImageAsync(repository, "image", ManifestMediaTypes.DockerManifest);
        var list = await Client.PushIndexAsync(repository, [image.Descriptor], "list", ManifestMediaTypes.DockerManifestList);

        await AssertServedAsync(repository, "image", image);
        await AssertServedAsync(repository, "list", list);
    }

    [Fact]
    public async Task PutManifest_ArtifactWithEmptyConfigAndNoLayers_IsAccepted()
    {
        var repository = OciServerFixture.NewRepository();
        var emptyConfig = await Client.PushBlobAsync(repository, "{}"u8.ToArray(), ManifestMediaTypes.OciEmpty);
        var content = TestManifests.Image(emptyConfig, [], artifactType: "application/vnd.example.sbom.v1");

        var artifact = await Client.PushManifestAsync(repository, content, ManifestMediaTypes.OciManifest, "sbom");

        await AssertServedAsync(repository, "sbom", artifact);
    }

    [Fact]
    public async Task PutManifest_BySha512Digest_KeepsTheSha512Identity()
    {
        var repository = OciServerFixture.NewRepository();
        var config = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(64), ManifestMediaTypes.OciImageConfig, DigestAlgorithm.Sha512);
        var layer = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(100), algorithm: DigestAlgorithm.Sha512);
        var content = TestManifests.Image(config, [layer]);
        var digest = Digest.Compute(DigestAlgorithm.Sha512, content);

        using var put = await Client.PutManifestAsync(repository, digest.ToString(), content, ManifestMediaTypes.OciManifest, "sha512-tag");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(digest.ToString(), Header(put, "Docker-Content-Digest"));
        Assert.Equal($"/v2/{repository}/manifests/{digest}", put.Headers.Location!.OriginalString);
        await AssertServedAsync(repository, digest.ToString(), new PushedManifest(content, ManifestMediaTypes.OciManifest, digest));
        await AssertServedAsync(repository, "sha512-tag", new PushedManifest(content, ManifestMediaTypes.OciManifest, digest));
        using var bySha256 = await Client.GetManifestAsync(repository, Digest.Compute(DigestAlgorithm.Sha256, content).ToString());
        Assert.Equal(HttpStatusCode.NotFound, bySha256.StatusCode);
    }

    [Fact]
    public async Task PutManifest_ByDigestWithTagParameters_TagsAllAndEchoesOciTag()
    {
        var repository = OciServerFixture.NewRepository();
        var image = await Client.PushImageAsync(repository);

        using var put = await Client.PutManifestAsync(repository, image.Digest.ToString(), image.Content, image.MediaType, "1.2.3", "1.2", "latest", "1.2");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var echoed = put.Headers.GetValues("OCI-Tag").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(["1.2.3", "1.2", "latest"], echoed);
        Assert.Equal(["1.2", "1.2.3", "latest"], await Client.ListTagsAsync(repository));
    }

    [Fact]
    public async Task PutManifest_SameTagAgain_MovesTagBetweenImageAndIndex()
    {
        var repository = OciServerFixture.NewRepository();
        var image = await Client.PushImageAsync(repository, "moving");
        var index = await Client.PushIndexAsync(repository, [image.Descriptor], "moving");
        await AssertServedAsync(repository, "moving", index);

        var other = await Client.PushImageAsync(repository, "moving");

        await AssertServedAsync(repository, "moving", other);
        await AssertServedAsync(repository, index.Digest.ToString(), index);
        await AssertServedAsync(repository, image.Digest.ToString(), image);
    }

    [Fact]
    public async Task PutManifest_SameContentTwice_IsIdempotent()
    {
        var repository = OciServerFixture.NewRepository();
        var image = await Client.PushImageAsync(repository, "a");

        var again = await Client.PushManifestAsync(repository, image.Content, image.MediaType, "b");

        Assert.Equal(image.Digest, again.Digest);
        Assert.Equal(["a", "b"], await Client.ListTagsAsync(repository));
    }

    [Fact]
    public async Task HeadAndGet_EveryTypeAndAccept_SameDigestTypeAndLength()
    {
        var repository = OciServerFixture.NewRepository();
        var oci = await Client.PushImageAsync(repository, "oci");
        var docker = await Client.PushImageAsync(repository, "docker", ManifestMediaTypes.DockerManifest);
        var index = await Client.PushIndexAsync(repository, [oci.Descriptor], "index");
        var list = await Client.PushIndexAsync(repository, [docker.Descriptor], "list", ManifestMediaTypes.DockerManifestList);
        string[][] accepts =
        [
            [],
            [ManifestMediaTypes.OciManifest],
            [ManifestMediaTypes.DockerManifest],
            [ManifestMediaTypes.OciIndex, ManifestMediaTypes.OciManifest],
            ["application/vnd.docker.distribution.manifest.v1+prettyjws"],
            ["*/*"],
        ];

        foreach (var (tag, manifest) in new[] { ("oci", oci), ("docker", docker), ("index", index), ("list", list) })
        {
            foreach (var accept in accepts)
            {
                foreach (var reference in new[] { tag, manifest.Digest.ToString() })
                {
                    using var head = await Client.GetManifestAsync(repository, reference, head: true, accept);
                    using var get = await Client.GetManifestAsync(repository, reference, head: false, accept);
                    Assert.Equal(HttpStatusCode.OK, head.StatusCode);
                    Assert.Equal(HttpStatusCode.OK, get.StatusCode);
                    Assert.Empty(await head.Content.ReadAsByteArrayAsync());
                    Assert.Equal(manifest.Content, await get.Content.ReadAsByteArrayAsync());
                    foreach (var response in new[] { head, get })
                    {
                        Assert.Equal(manifest.MediaType, response.Content.Headers.ContentType!.ToString());
                        Assert.Equal(manifest.Content.Length, response.Content.Headers.ContentLength);
                        Assert.Equal(manifest.Digest.ToString(), Header(response, "Docker-Content-Digest"));
                        Assert.Equal($"\"{manifest.Digest}\"", response.Headers.ETag!.ToString());
                    }
                }
            }
        }
    }

    [Fact]
    public async Task GetManifest_IfNoneMatchCurrentEtag_Answers304()
    {
        var repository = OciServerFixture.NewRepository();
        var image = await Client.PushImageAsync(repository, "cached");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/cached");
        request.Headers.TryAddWithoutValidation("If-None-Match", $"\"{image.Digest}\"");

        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DeleteManifest_ByDigest_CascadesToItsTags()
    {
        var repository = OciServerFixture.NewRepository();
        var image = await Client.PushImageAsync(repository, "one");
        await Client.PushManifestAsync(repository, image.Content, image.MediaType, "two");
        var keep = await Client.PushImageAsync(repository, "keep");

        using var delete = await Client.Http.DeleteAsync($"/v2/{repository}/manifests/{image.Digest}");

        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        foreach (var reference in new[] { "one", "two", image.Digest.ToString() })
        {
            using var get = await Client.GetManifestAsync(repository, reference, head: true);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }
        Assert.Equal(["keep"], await Client.ListTagsAsync(repository));
        await AssertServedAsync(repository, "keep", keep);
        using var again = await Client.Http.DeleteAsync($"/v2/{repository}/manifests/{image.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await ManifestTestClient.ErrorCodeAsync(again));
    }

    [Fact]
    public async Task DeleteManifest_ByTag_RemovesOnlyTheTag()
    {
        var repository = OciServerFixture.NewRepository();
        var image = await Client.PushImageAsync(repository, "doomed");
        await Client.PushManifestAsync(repository, image.Content, image.MediaType, "stays");

        using var delete = await Client.Http.DeleteAsync($"/v2/{repository}/manifests/doomed");

        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var byTag = await Client.GetManifestAsync(repository, "doomed");
        Assert.Equal(HttpStatusCode.NotFound, byTag.StatusCode);
        await AssertServedAsync(repository, image.Digest.ToString(), image);
        await AssertServedAsync(repository, "stays", image);
        using var again = await Client.Http.DeleteAsync($"/v2/{repository}/manifests/doomed");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Manifests_MultiSegmentName_Work()
    {
        var repository = $"org/team/app{Guid.NewGuid():N}";
        var image = await Client.PushImageAsync(repository, "v1");

        await AssertServedAsync(repository, "v1", image);
        Assert.Equal(["v1"], await Client.ListTagsAsync(repository));
        using var otherDepth = await Client.GetManifestAsync($"org/{repository}", "v1");
        Assert.Equal(HttpStatusCode.NotFound, otherDepth.StatusCode);
    }

    [Theory]
    [InlineData("missing-tag", HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000", HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")]
    [InlineData("sha256:baddigeststring", HttpStatusCode.BadRequest, "DIGEST_INVALID")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", HttpStatusCode.BadRequest, "DIGEST_INVALID")]
    [InlineData("-not-a-tag", HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")]
    public async Task GetManifest_UnknownOrInvalidReference_Answers4xx(string reference, HttpStatusCode status, string code)
    {
        var repository = OciServerFixture.NewRepository();
        await Client.PushImageAsync(repository, "present");

        using var get = await Client.GetManifestAsync(repository, reference);
        using var delete = await Client.Http.DeleteAsync($"/v2/{repository}/manifests/{reference}");

        Assert.Equal(status, get.StatusCode);
        Assert.Equal(code, await ManifestTestClient.ErrorCodeAsync(get));
        Assert.Equal(status, delete.StatusCode);
    }

    [Fact]
    public async Task GetManifest_UnknownRepository_Answers404()
    {
        using var get = await Client.GetManifestAsync("no/such/repository", "latest");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    private async Task AssertServedAsync(string repository, string reference, PushedManifest expected)
    {
        using var get = await Client.GetManifestAsync(repository, reference);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(expected.Content, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(expected.MediaType, get.Content.Headers.ContentType!.ToString());
        Assert.Equal(expected.Digest.ToString(), Header(get, "Docker-Content-Digest"));
    }

    private static string Header(HttpResponseMessage response, string name) => string.Join(",", response.Headers.GetValues(name));
}
