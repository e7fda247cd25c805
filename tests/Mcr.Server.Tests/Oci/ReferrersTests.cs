using System.Net;
using System.Text.Json;
using Mcr.Core.Manifests;

namespace Mcr.Server.Tests.Oci;

/// <summary>OCI-Subject on push and the referrers API (end-12a/12b) over real HTTP.</summary>
public sealed class ReferrersTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private const string SbomType = "application/vnd.example.sbom.v1";
    private const string SignatureType = "application/vnd.example.signature.v1";

    private readonly ManifestTestClient _client = new(fixture.Admin);

    private ManifestTestClient Client => _client;

    [Fact]
    public async Task PutManifest_WithSubject_AnswersOciSubjectAndIsListedAsReferrer()
    {
        var repository = OciServerFixture.NewRepository();
        var subject = await Client.PushImageAsync(repository, "image");
        var annotations = new Dictionary<string, string> { ["org.example.format"] = "spdx" };
        var sbom = await PushArtifactAsync(repository, subject.Descriptor, SbomType, annotations);

        using var put = await Client.PutManifestAsync(repository, sbom.Digest.ToString(), sbom.Content, sbom.MediaType);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(subject.Digest.ToString(), Assert.Single(put.Headers.GetValues("OCI-Subject")));

        var (response, entries) = await ListAsync(repository, subject.Digest.ToString());

        Assert.False(response.Headers.Contains("OCI-Filters-Applied"));
        var entry = Assert.Single(entries);
        Assert.Equal(sbom.Digest.ToString(), entry.GetProperty("digest").GetString());
        Assert.Equal(ManifestMediaTypes.OciManifest, entry.GetProperty("mediaType").GetString());
        Assert.Equal(sbom.Content.Length, entry.GetProperty("size").GetInt64());
        Assert.Equal(SbomType, entry.GetProperty("artifactType").GetString());
        Assert.Equal("spdx", entry.GetProperty("annotations").GetProperty("org.example.format").GetString());
        response.Dispose();
    }

    [Fact]
    public async Task ListReferrers_WithArtifactTypeFilter_ReturnsOnlyMatchesAndSaysSo()
    {
        var repository = OciServerFixture.NewRepository();
        var subject = await Client.PushImageAsync(repository, "image");
        var sbom = await PushArtifactAsync(repository, subject.Descriptor, SbomType);
        var signature = await PushArtifactAsync(repository, subject.Descriptor, SignatureType);
        var index = await Client.PushIndexAsync(repository, [subject.Descriptor], subject: subject.Descriptor, artifactType: SignatureType);

        var (all, allEntries) = await ListAsync(repository, subject.Digest.ToString());
        var (filtered, filteredEntries) = await ListAsync(repository, subject.Digest.ToString(), SignatureType);
        var (none, noneEntries) = await ListAsync(repository, subject.Digest.ToString(), "application/vnd.example.nothing");

        Assert.Equal(
            new[] { sbom.Digest, signature.Digest, index.Digest }.Select(d => d.ToString()).Order(),
            allEntries.Select(e => e.GetProperty("digest").GetString()).Order());
        Assert.Equal(
            new[] { signature.Digest, index.Digest }.Select(d => d.ToString()).Order(),
            filteredEntries.Select(e => e.GetProperty("digest").GetString()).Order());
        Assert.Equal("artifactType", Assert.Single(filtered.Headers.GetValues("OCI-Filters-Applied")));
        Assert.Empty(noneEntries);
        Assert.Equal("artifactType", Assert.Single(none.Headers.GetValues("OCI-Filters-Applied")));
        all.Dispose();
        filtered.Dispose();
        none.Dispose();
    }

    [Fact]
    public async Task PutManifest_SubjectNotInRegistry_IsAcceptedAndListed()
    {
        var repository = OciServerFixture.NewRepository();
        var missing = new TestDescriptor(ManifestMediaTypes.OciManifest, Core.Digests.Digest.Compute(Core.Digests.DigestAlgorithm.Sha256, "missing"u8), 123);

        var artifact = await PushArtifactAsync(repository, missing, SbomType);

        var (response, entries) = await ListAsync(repository, missing.Digest.ToString());
        Assert.Equal(artifact.Digest.ToString(), Assert.Single(entries).GetProperty("digest").GetString());
        response.Dispose();
    }

    [Fact]
    public async Task ListReferrers_NoReferrersOrUnknownRepository_EmptyIndex()
    {
        var repository = OciServerFixture.NewRepository();
        var subject = await Client.PushImageAsync(repository, "lonely");

        foreach (var (repo, digest) in new[] { (repository, subject.Digest.ToString()), ("never/pushed", subject.Digest.ToString()) })
        {
            var (response, entries) = await ListAsync(repo, digest);
            Assert.Empty(entries);
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("sha256:nothex")]
    [InlineData("latest")]
    [InlineData("sha999:abcd")]
    public async Task ListReferrers_InvalidDigest_Answers400DigestInvalid(string digest)
    {
        using var response = await Client.Http.GetAsync($"/v2/{OciServerFixture.NewRepository()}/referrers/{digest}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("DIGEST_INVALID", await ManifestTestClient.ErrorCodeAsync(response));
    }

    /// <summary>An artifact (empty config, one small layer) referring to <paramref name="subject"/>, pushed by digest.</summary>
    private async Task<PushedManifest> PushArtifactAsync(string repository, TestDescriptor subject, string artifactType,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var config = await Client.PushBlobAsync(repository, "{}"u8.ToArray(), ManifestMediaTypes.OciEmpty);
        var layer = await Client.PushBlobAsync(repository, OciTestClient.RandomBytes(32), artifactType);
        var content = TestManifests.Image(config, [layer], artifactType: artifactType, subject: subject, annotations: annotations);
        return await Client.PushManifestAsync(repository, content, ManifestMediaTypes.OciManifest);
    }

    /// <summary>GETs the referrers, checks the index envelope, returns the response (caller disposes) and entries.</summary>
    private async Task<(HttpResponseMessage Response, List<JsonElement> Entries)> ListAsync(string repository, string digest, string? artifactType = null)
    {
        var query = artifactType is null ? "" : "?artifactType=" + Uri.EscapeDataString(artifactType);
        var response = await Client.Http.GetAsync($"/v2/{repository}/referrers/{digest}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ManifestMediaTypes.OciIndex, response.Content.Headers.ContentType!.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(ManifestMediaTypes.OciIndex, root.GetProperty("mediaType").GetString());
        return (response, [.. root.GetProperty("manifests").EnumerateArray().Select(e => e.Clone())]);
    }
}
