using Mcr.Core.Digests;
using Mcr.Infrastructure.Storage;

namespace Mcr.Infrastructure.Tests.Storage;

public sealed class BlobPathsTests
{
    private const string Hex64 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly BlobPaths _paths = new("/srv/mcr/layers", "/srv/mcr/uploads");

    /// <summary>
    /// Client strings that must not reach the filesystem. BlobPaths takes only a parsed <see cref="Digest"/>,
    /// so "TryParse rejects it" is the proof that no path can be built from it.
    /// </summary>
    public static TheoryData<string> HostileDigests => new()
    {
        "",
        "sha256" + Hex64,
        "sha256:" + Hex64.ToUpperInvariant(),
        "sha256:" + Hex64[..63],
        "sha256:" + Hex64 + "a",
        "sha512:" + Hex64,
        "sha256:../../etc/passwd",
        "sha256:" + string.Concat(Enumerable.Repeat("../", 21)) + "a",
        "sha256:" + Hex64[..61] + "/..",
        "../sha256:" + Hex64,
        "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256:" + new string('x', 64),
        "sha256:" + new string('\u0663', 64),
        "sha256:" + new string('\uFF11', 64),
    };

    [Theory]
    [MemberData(nameof(HostileDigests))]
    public void Digest_HostileString_NeverParsesSoNoPathIsBuilt(string value)
    {
        Assert.False(Digest.TryParse(value, out _));
    }

    [Fact]
    public void Blob_Sha256Digest_UsesAlgorithmPrefixAndHex()
    {
        var digest = Digest.Parse("sha256:" + new string('a', 2) + new string('0', 62));

        Assert.Equal($"/srv/mcr/layers/sha256/aa/{digest.Hex}", _paths.Blob(digest));
        Assert.Equal("/srv/mcr/layers/sha256/aa", _paths.PrefixDirectory(digest));
    }

    [Fact]
    public void Blob_Sha512Digest_UsesSha512Directory()
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha512, [1]);

        Assert.Equal($"/srv/mcr/layers/sha512/{digest.Hex[..2]}/{digest.Hex}", _paths.Blob(digest));
    }

    [Fact]
    public void Blob_DefaultDigest_Throws()
    {
        Assert.Throws<ArgumentException>(() => _paths.Blob(default));
    }

    [Fact]
    public void Upload_Guid_UsesLowercaseDFormat()
    {
        var id = Guid.Parse("3F2504E0-4F89-11D3-9A0C-0305E82C3301");

        Assert.Equal("/srv/mcr/uploads/3f2504e0-4f89-11d3-9a0c-0305e82c3301", _paths.Upload(id));
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
