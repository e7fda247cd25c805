using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Skopeo;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Images;

/// <summary>
/// The generated layouts are valid for skopeo on their own (oci: → oci:, no server), so a failure in the
/// registry tests is the registry's, not the test data's.
/// </summary>
public sealed class TestImagesTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _work = new("mcr-e2e-images");

    [SkippableFact]
    public async Task WriteImage_SkopeoCopiesLayoutToLayout_SameManifestDigestAndBlobs()
    {
        var skopeo = Tool.Require("skopeo", "skopeo", output);
        var source = _work.Combine("source");
        var image = TestImages.WriteImage(source, layers: 3);

        var result = await Run(skopeo, "copy", "--preserve-digests", $"oci:{source}:latest", $"oci:{_work.Combine("copy")}:latest");

        Expect.Success(result, "skopeo copy oci: → oci:");
        var copy = new OciLayout(_work.Combine("copy"));
        Assert.Equal(image.Manifest.Digest, copy.ResolveTag("latest"));
        Expect.SameBlobs(new OciLayout(source), copy, image);
    }

    [SkippableFact]
    public async Task WriteMultiArch_SkopeoCopiesAllPlatforms_SameIndexDigest()
    {
        var skopeo = Tool.Require("skopeo", "skopeo", output);
        var source = _work.Combine("source");
        var index = TestImages.WriteMultiArch(source);

        var result = await Run(skopeo, "copy", "--all", "--preserve-digests", $"oci:{source}:latest", $"oci:{_work.Combine("copy")}:latest");

        Expect.Success(result, "skopeo copy --all oci: → oci:");
        var copy = new OciLayout(_work.Combine("copy"));
        Assert.Equal(index.Index.Digest, copy.ResolveTag("latest"));
        Assert.All(index.Images, image => Expect.SameBlobs(new OciLayout(source), copy, image));
    }

    [Fact]
    public void WriteImage_ThreeLayers_LayerDiffIdsMatchUncompressedTar()
    {
        var image = TestImages.WriteImage(_work.Combine("image"), layers: 3);

        var layout = new OciLayout(_work.Combine("image"));
        var config = System.Text.Json.Nodes.JsonNode.Parse(layout.ReadBlob(image.Config.Digest))!;
        var diffIds = config["rootfs"]!["diff_ids"]!.AsArray().Select(d => (string?)d).ToList();
        Assert.Equal(3, image.Layers.Count);
        Assert.Equal(3, diffIds.Distinct().Count());
        Assert.All(image.Layers, layer => Assert.Equal(layer.Size, layout.ReadBlob(layer.Digest).Length));
        Assert.Equal("linux", (string?)config["os"]);
    }

    public void Dispose() => _work.Dispose();

    private async Task<ProcessResult> Run(string skopeo, params string[] arguments)
    {
        output.WriteLine($"$ skopeo {string.Join(' ', arguments)}");
        var result = await ProcessRunner.RunAsync(skopeo, ["--insecure-policy", .. arguments], new Dictionary<string, string?>(), null, TimeSpan.FromMinutes(2));
        output.WriteLine(result.Describe());
        return result;
    }
}
