using System.Text;
using Mcr.Core.Digests;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Images;

namespace Mcr.EndToEnd.Tests.Skopeo;

/// <summary><c>skopeo copy</c> of generated OCI layouts into a real mcrsrv process and back, byte for byte.</summary>
public sealed class SkopeoCopyTests(McrProcess server, ITestOutputHelper output) : IClassFixture<McrProcess>, IDisposable
{
    private readonly E2eSession _e2e = new(server, output);

    [SkippableFact]
    public async Task Copy_ThreeLayerImageToRegistryAndBack_BlobsAndManifestDigestIdentical()
    {
        var skopeo = _e2e.Skopeo;
        var source = _e2e.PathFor("source");
        var image = TestImages.WriteImage(source, layers: 3);
        var authFile = _e2e.PathFor("auth.json");
        Expect.Success(await skopeo.RunWithInputAsync(server.AdminPassword,
            "login", "--tls-verify=false", "--authfile", authFile, "-u", server.AdminUser, "--password-stdin", server.Host), "skopeo login");

        var push = await skopeo.RunAsync("copy", "--preserve-digests", "--dest-tls-verify=false", "--dest-authfile", authFile,
            $"oci:{source}:latest", skopeo.Image("e2e/roundtrip", "v1"));
        Expect.Success(push, "push oci: → docker://");
        var copy = _e2e.PathFor("copy");
        var pull = await skopeo.RunAsync("copy", "--preserve-digests", "--src-tls-verify=false", "--src-authfile", authFile,
            skopeo.Image("e2e/roundtrip", "v1"), $"oci:{copy}:latest");
        Expect.Success(pull, "pull docker:// → oci:");

        var copied = new OciLayout(copy);
        Assert.Equal(image.Manifest.Digest, copied.ResolveTag("latest"));
        Expect.SameBlobs(new OciLayout(source), copied, image);
    }

    [SkippableFact]
    public async Task Copy_MultiArchIndexWithAll_IndexDigestAndAllBlobsPreserved()
    {
        var skopeo = _e2e.Skopeo;
        var source = _e2e.PathFor("source");
        var index = TestImages.WriteMultiArch(source);

        Expect.Success(await skopeo.CopyToRegistryAsync($"oci:{source}:latest", skopeo.Image("e2e/multiarch", "v1"), "--all", "--preserve-digests"),
            "push of the image index with --all");
        var raw = await skopeo.InspectAsync(skopeo.Image("e2e/multiarch", "v1"), "--raw");
        Expect.Success(raw, "skopeo inspect --raw of the index");
        Assert.Equal(index.Index.Digest, Digest.Compute(DigestAlgorithm.Sha256, Encoding.UTF8.GetBytes(raw.StandardOutput)).ToString());
        var copy = _e2e.PathFor("copy");
        Expect.Success(await skopeo.CopyFromRegistryAsync(skopeo.Image("e2e/multiarch", "v1"), $"oci:{copy}:latest", "--all", "--preserve-digests"),
            "pull of the image index with --all");

        var original = new OciLayout(source);
        var copied = new OciLayout(copy);
        Assert.Equal(index.Index.Digest, copied.ResolveTag("latest"));
        Assert.Equal(original.ReadBlob(index.Index.Digest), copied.ReadBlob(index.Index.Digest));
        foreach (var image in index.Images)
        {
            Expect.SameBlobs(original, copied, image);
        }
    }

    [SkippableFact]
    public async Task Copy_BetweenRepositories_ContentIdenticalInTarget()
    {
        var skopeo = _e2e.Skopeo;
        var image = await _e2e.PushImageAsync("e2e/mount-source", "v1");

        // --debug shows whether skopeo tried a cross-repository mount (POST …/blobs/uploads/?mount=…&from=…).
        var copy = await skopeo.RunAsync("--debug", "copy", "--preserve-digests",
            "--src-tls-verify=false", "--src-creds", skopeo.Creds, "--dest-tls-verify=false", "--dest-creds", skopeo.Creds,
            skopeo.Image("e2e/mount-source", "v1"), skopeo.Image("e2e/mount-target", "v1"));
        Expect.Success(copy, "registry → registry copy");
        output.WriteLine(copy.StandardError.Contains("mount=", StringComparison.Ordinal)
            ? "[e2e] skopeo attempted a cross-repository mount"
            : "[e2e] skopeo did not attempt a cross-repository mount");

        var pulled = _e2e.PathFor("pulled");
        Expect.Success(await skopeo.CopyFromRegistryAsync(skopeo.Image("e2e/mount-target", "v1"), $"oci:{pulled}:latest", "--preserve-digests"),
            "pull from the target repository");
        var copied = new OciLayout(pulled);
        Assert.Equal(image.Manifest.Digest, copied.ResolveTag("latest"));
        foreach (var descriptor in (Descriptor[])[image.Config, .. image.Layers])
        {
            Assert.True(copied.HasBlob(descriptor.Digest), $"{descriptor.Digest} missing after the cross-repository copy");
        }
    }

    [SkippableFact]
    public async Task Copy_PushWithoutCredentials_FailsAndLeavesNoImage()
    {
        var skopeo = _e2e.Skopeo;
        var source = _e2e.PathFor("source");
        TestImages.WriteImage(source, layers: 1);

        var push = await skopeo.RunAsync("copy", "--dest-tls-verify=false", "--dest-no-creds",
            $"oci:{source}:latest", skopeo.Image("e2e/anonymous", "v1"));

        Expect.Failure(push, "anonymous push");
        Expect.Failure(await skopeo.InspectAsync(skopeo.Image("e2e/anonymous", "v1"), "--raw"), "inspect after a refused push");
    }

    [SkippableFact]
    public async Task Copy_PushWithWrongPassword_Fails()
    {
        var skopeo = _e2e.Skopeo;
        var source = _e2e.PathFor("source");
        TestImages.WriteImage(source, layers: 1);

        var push = await skopeo.RunAsync("copy", "--dest-tls-verify=false", "--dest-creds", $"{server.AdminUser}:wrong-{Guid.NewGuid():N}",
            $"oci:{source}:latest", skopeo.Image("e2e/wrong-password", "v1"));

        Expect.Failure(push, "push with a wrong password");
    }

    public void Dispose() => _e2e.Dispose();
}
