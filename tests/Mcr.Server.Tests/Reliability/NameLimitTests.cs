using System.Net;
using System.Text.Json;
using Mcr.Core.Manifests;
using Mcr.Core.Names;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Reliability;

/// <summary>
/// Repository names and tags at and just over the grammar's limits: the longest are accepted, one more is refused
/// with the spec's code, and a refused request writes nothing — no repository in the catalog, no upload file.
/// </summary>
public sealed class NameLimitTests(OciServerFixture fixture) : IClassFixture<OciServerFixture>
{
    private readonly ManifestTestClient _client = new(fixture.Admin);

    /// <summary>Valid names of exactly <see cref="RepositoryName.MaxLength"/> characters: long segments, and the most segments.</summary>
    public static TheoryData<string> LongestNames => new()
    {
        Fill("limits/", 'a'),
        string.Join('/', Enumerable.Repeat("a", (RepositoryName.MaxLength + 1) / 2)),
    };

    [Theory]
    [MemberData(nameof(LongestNames))]
    public async Task RepositoryName_AtTheLimit_Accepted(string name)
    {
        Assert.Equal(RepositoryName.MaxLength, name.Length);

        await _client.PushImageAsync(name, "latest");

        Assert.Contains(name, await CatalogAsync());
        Assert.Equal(["latest"], await _client.ListTagsAsync(name));
    }

    public static TheoryData<string> RefusedNames => new()
    {
        Fill("limits/", 'b') + "b",
        string.Join('/', Enumerable.Repeat("b", (RepositoryName.MaxLength + 3) / 2)),
        "limits/UPPER",
        "limits/a..b",
        "limits/trailing/",
        "limits//double",
        "limits/-dash",
    };

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public async Task RepositoryName_Refused_400NameInvalidAndNothingWritten(string name)
    {
        var catalogBefore = await CatalogAsync();
        var uploadsBefore = UploadFiles();
        var blob = OciTestClient.RandomBytes(32);

        using var start = await _client.Http.PostAsync($"/v2/{name}/blobs/uploads/", null);
        using var monolithic = await _client.Http.PostAsync($"/v2/{name}/blobs/uploads/?digest={OciTestClient.DigestOf(blob)}", OciTestClient.Octets(blob));
        using var put = await _client.PutManifestAsync(name, "latest", TestManifests.Image(new TestDescriptor(ManifestMediaTypes.OciEmpty, Core.Digests.Digest.Compute(Core.Digests.DigestAlgorithm.Sha256, "{}"u8), 2), []), ManifestMediaTypes.OciManifest);

        foreach (var response in new[] { start, monolithic, put })
        {
            await OciTestClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, "NAME_INVALID");
        }
        Assert.Equal(catalogBefore, await CatalogAsync());
        Assert.Equal(uploadsBefore, UploadFiles());
    }

    [Theory]
    [InlineData("/v2/limits/%2e%2e/blobs/uploads/")]
    [InlineData("/v2/limits/%2E%2E/manifests/latest")]
    [InlineData("/v2/limits/../blobs/uploads/")]
    [InlineData("/v2/%2e%2e/%2e%2e/blobs/uploads/")]
    [InlineData("/v2/limits%2fencoded/blobs/uploads/")]
    [InlineData("/v2/limits/app/blobs/uploads/..%2f..%2fescape")]
    [InlineData("/v2//blobs/uploads/")]
    public async Task EncodedOrDotDotPath_4xxAndNothingWritten(string path)
    {
        var catalogBefore = await CatalogAsync();
        var uploadsBefore = UploadFiles();

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Get, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, new Uri(fixture.Server.BaseAddress + path.TrimStart('/'),
                new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
            if (method != HttpMethod.Get && method != HttpMethod.Delete)
            {
                request.Content = OciTestClient.Octets("{}"u8.ToArray());
            }
            using var response = await _client.Http.SendAsync(request);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path}: {(int)response.StatusCode}");
        }
        Assert.Equal(catalogBefore, await CatalogAsync());
        Assert.Equal(uploadsBefore, UploadFiles());
    }

    [Fact]
    public async Task Tag_Of128Characters_Accepted()
    {
        var repository = OciServerFixture.NewRepository("limits");
        var tag = new string('t', 128);

        await _client.PushImageAsync(repository, tag);

        Assert.Equal([tag], await _client.ListTagsAsync(repository));
        using var get = await _client.GetManifestAsync(repository, tag);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task Tag_Of129Characters_RefusedEverywhereAndNothingWritten()
    {
        // The PUT's code (MANIFEST_INVALID, the spec's code for a bad reference) is pinned in ManifestBadInputTests.
        var repository = OciServerFixture.NewRepository("limits");
        var image = await _client.PushImageAsync(repository, "kept");
        var tag = new string('t', 129);

        using var put = await _client.PutManifestAsync(repository, tag, image.Content, image.MediaType);
        using var get = await _client.GetManifestAsync(repository, tag);
        using var delete = await _client.Http.DeleteAsync($"/v2/{repository}/manifests/{tag}");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await ManifestTestClient.ErrorCodeAsync(put));
        foreach (var response in new[] { get, delete })
        {
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.RequestMessage!.Method}: {(int)response.StatusCode}");
        }
        Assert.Equal(["kept"], await _client.ListTagsAsync(repository));
    }

    /// <summary><paramref name="prefix"/> padded with <paramref name="fill"/> to exactly <see cref="RepositoryName.MaxLength"/>.</summary>
    private static string Fill(string prefix, char fill) => prefix + new string(fill, RepositoryName.MaxLength - prefix.Length);

    private async Task<List<string>> CatalogAsync()
    {
        using var response = await _client.Http.GetAsync("/v2/_catalog?n=1000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()!)];
    }

    private string[] UploadFiles()
    {
        var uploads = fixture.Server.Options.Storage.UploadsPath;
        return Directory.Exists(uploads)
            ? [.. Directory.EnumerateFileSystemEntries(uploads, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : [];
    }
}
