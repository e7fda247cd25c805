using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Images;

namespace Mcr.EndToEnd.Tests.Skopeo;

/// <summary>Assertions that put skopeo's own error text into the failure message.</summary>
public static class Expect
{
    public static void Success(ProcessResult result, string what) =>
        Assert.True(result.Succeeded, $"{what} failed: {result.Describe()}");

    public static void Failure(ProcessResult result, string what) =>
        Assert.False(result.Succeeded, $"{what} unexpectedly succeeded: {result.Describe()}");

    /// <summary>Every blob of <paramref name="image"/> is in <paramref name="copy"/> with identical bytes.</summary>
    public static void SameBlobs(OciLayout original, OciLayout copy, WrittenImage image)
    {
        foreach (var descriptor in (Descriptor[])[image.Manifest, image.Config, .. image.Layers])
        {
            Assert.True(copy.HasBlob(descriptor.Digest), $"{descriptor.MediaType} {descriptor.Digest} is missing from the copied layout");
            Assert.True(original.ReadBlob(descriptor.Digest).AsSpan().SequenceEqual(copy.ReadBlob(descriptor.Digest)),
                $"{descriptor.MediaType} {descriptor.Digest} differs after the round trip");
        }
    }
}
