using System.Text.Json;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;

namespace Mcr.Core.Tests.Manifests;

public sealed class ReferrersIndexTests
{
    [Fact]
    public void Build_NoReferrers_EmptyIndex()
    {
        var json = ReferrersIndex.Build([]);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(ManifestMediaTypes.OciIndex, root.GetProperty("mediaType").GetString());
        Assert.Equal(0, root.GetProperty("manifests").GetArrayLength());
    }

    [Fact]
    public void Build_Referrers_WritesDescriptorsInOrderAndOmitsEmptyFields()
    {
        var first = Digest.Compute(DigestAlgorithm.Sha256, [1]);
        var second = Digest.Compute(DigestAlgorithm.Sha512, [2]);
        var annotations = new Dictionary<string, string> { ["org.example.k"] = "v\"quoted\"" };

        var json = ReferrersIndex.Build(
        [
            new ReferrerDescriptor(ManifestMediaTypes.OciManifest, first, 123, "application/vnd.example.sbom", annotations),
            new ReferrerDescriptor(ManifestMediaTypes.OciIndex, second, 45, null, null),
        ]);

        using var document = JsonDocument.Parse(json);
        var manifests = document.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(2, manifests.Count);
        Assert.Equal(first.ToString(), manifests[0].GetProperty("digest").GetString());
        Assert.Equal(ManifestMediaTypes.OciManifest, manifests[0].GetProperty("mediaType").GetString());
        Assert.Equal(123, manifests[0].GetProperty("size").GetInt64());
        Assert.Equal("application/vnd.example.sbom", manifests[0].GetProperty("artifactType").GetString());
        Assert.Equal("v\"quoted\"", manifests[0].GetProperty("annotations").GetProperty("org.example.k").GetString());
        Assert.Equal(second.ToString(), manifests[1].GetProperty("digest").GetString());
        Assert.False(manifests[1].TryGetProperty("artifactType", out _));
        Assert.False(manifests[1].TryGetProperty("annotations", out _));
    }

    [Fact]
    public void Build_Output_ParsesAsIndex()
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha256, [3]);

        var json = ReferrersIndex.Build([new ReferrerDescriptor(ManifestMediaTypes.OciManifest, digest, 7, "a/b", null)]);
        var result = ManifestParser.Parse(json, ManifestMediaTypes.OciIndex);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(digest, Assert.Single(result.Manifest.Children).Digest);
    }
}
