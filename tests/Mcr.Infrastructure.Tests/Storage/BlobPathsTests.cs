using Mcr.Core.Digests;
using Mcr.Infrastructure.Storage;

namespace Mcr.Infrastructure.Tests.Storage;

public sealed class BlobPathsTests
{
    private static readonly BlobPaths Paths = new("/srv/mcr/layers", "/srv/mcr/uploads");

    [Fact]
    public void Blob_Sha256Digest_UsesAlgorithmPrefixAndHex()
    {
        var digest = Digest.Parse("sha256:" + new string('a', 2) + new string('0', 62));

        Assert.Equal($"/srv/mcr/layers/sha256/aa/{digest.Hex}", Paths.Blob(digest));
        Assert.Equal("/srv/mcr/layers/sha256/aa", Paths.PrefixDirectory(digest));
    }

    [Fact]
    public void Blob_Sha512Digest_UsesSha512Directory()
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha512, [1]);

        Assert.Equal($"/srv/mcr/layers/sha512/{digest.Hex[..2]}/{digest.Hex}", Paths.Blob(digest));
    }

    [Fact]
    public void Blob_DefaultDigest_Throws()
    {
        Assert.Throws<ArgumentException>(() => Paths.Blob(default));
    }

    [Fact]
    public void Upload_Guid_UsesLowercaseDFormat()
    {
        var id = Guid.Parse("3F2504E0-4F89-11D3-9A0C-0305E82C3301");

        Assert.Equal("/srv/mcr/uploads/3f2504e0-4f89-11d3-9a0c-0305e82c3301", Paths.Upload(id));
    }

    [Theory]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", true)]
    [InlineData("3F2504E0-4F89-11D3-9A0C-0305E82C3301", false)]
    [InlineData("3f2504e04f8911d39a0c0305e82c3301", false)]
    [InlineData("{3f2504e0-4f89-11d3-9a0c-0305e82c3301}", false)]
    [InlineData("../3f2504e0-4f89-11d3-9a0c-0305e82c3301", false)]
    [InlineData("", false)]
    public void TryParseUploadName_Name_AcceptsOnlyLowercaseD(string name, bool expected)
    {
        Assert.Equal(expected, BlobPaths.TryParseUploadName(name, out _));
    }

    [Theory]
    [InlineData("ab", true)]
    [InlineData("09", true)]
    [InlineData("AB", false)]
    [InlineData("a", false)]
    [InlineData("abc", false)]
    [InlineData("..", false)]
    [InlineData("g0", false)]
    public void IsPrefixName_Name_AcceptsTwoLowercaseHex(string name, bool expected)
    {
        Assert.Equal(expected, BlobPaths.IsPrefixName(name));
    }

    [Fact]
    public void TryParseBlobName_HexUnderOtherPrefix_IsRejected()
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha256, [1]);
        var otherPrefix = digest.Hex[..2] == "00" ? "01" : "00";

        Assert.True(BlobPaths.TryParseBlobName(DigestAlgorithm.Sha256, digest.Hex[..2], digest.Hex, out var parsed));
        Assert.Equal(digest, parsed);
        Assert.False(BlobPaths.TryParseBlobName(DigestAlgorithm.Sha256, otherPrefix, digest.Hex, out _));
        Assert.False(BlobPaths.TryParseBlobName(DigestAlgorithm.Sha512, digest.Hex[..2], digest.Hex, out _));
    }
}
