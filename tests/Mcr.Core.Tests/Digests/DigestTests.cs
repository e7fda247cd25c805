using System.Security.Cryptography;
using System.Text;
using Mcr.Core.Digests;

namespace Mcr.Core.Tests.Digests;

public sealed class DigestTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string EmptySha512 =
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    /// <summary>
    /// Strings that must never parse: a parsed <see cref="Digest"/> is what storage builds file paths
    /// from, so each of these is a path that can never be built.
    /// </summary>
    public static TheoryData<string?> InvalidDigests => new()
    {
        null,
        "",
        ":",
        "sha256",
        "sha256:",
        EmptySha256,
        ":" + EmptySha256,
        "sha256:" + EmptySha256.ToUpperInvariant(),
        "sha256:" + EmptySha256[..63],
        "sha256:" + EmptySha256 + "0",
        "sha512:" + EmptySha256,
        "sha256:" + EmptySha512,
        "sha256:../../etc/passwd",
        "sha256:" + string.Concat(Enumerable.Repeat("../", 21)) + "a",
        "sha256:" + EmptySha256[..62] + "/a",
        "sha256:" + EmptySha256[..62] + "\0a",
        "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "SHA256:" + EmptySha256,
        "Sha256:" + EmptySha256,
        " sha256:" + EmptySha256,
        "sha256:" + EmptySha256 + "\n",
        "sha256 :" + EmptySha256,
        "sha256+b64u:" + EmptySha256,
        "sha256:" + new string('g', 64),
        "sha256:" + new string('z', 64),
        "sha256:" + new string('\u0661', 64), // ARABIC-INDIC DIGIT ONE
        "sha256:" + new string('\uFF10', 64), // FULLWIDTH DIGIT ZERO
        "sha256:" + new string('\u00E9', 64),
        "sha256:" + EmptySha256[..32] + ":" + EmptySha256[..31],
    };

    [Theory]
    [MemberData(nameof(InvalidDigests))]
    public void TryParse_InvalidDigest_ReturnsFalseWithError(string? value)
    {
        Assert.False(Digest.TryParse(value, out var digest, out var error));
        Assert.Equal(default, digest);
        Assert.NotEmpty(error);
    }

    [Theory]
    [MemberData(nameof(InvalidDigests))]
    public void Parse_InvalidDigest_ThrowsFormatException(string? value)
    {
        Assert.Throws<FormatException>(() => Digest.Parse(value!));
    }

    [Theory]
    [InlineData("sha256:" + EmptySha256, DigestAlgorithm.Sha256, EmptySha256)]
    [InlineData("sha512:" + EmptySha512, DigestAlgorithm.Sha512, EmptySha512)]
    [InlineData("sha256:" + AbcSha256, DigestAlgorithm.Sha256, AbcSha256)]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000", DigestAlgorithm.Sha256,
        "0000000000000000000000000000000000000000000000000000000000000000")]
    public void TryParse_ValidDigest_ReturnsAlgorithmAndHex(string value, DigestAlgorithm algorithm, string hex)
    {
        Assert.True(Digest.TryParse(value, out var digest, out var error));
        Assert.Equal(algorithm, digest.Algorithm);
        Assert.Equal(hex, digest.Hex);
        Assert.Equal(value, digest.ToString());
        Assert.Equal("", error);
    }

    [Fact]
    public void TryParse_UppercaseHex_ErrorSaysLowercase()
    {
        Assert.False(Digest.TryParse("sha256:" + AbcSha256.ToUpperInvariant(), out _, out var error));

        Assert.Contains("lowercase", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnknownAlgorithm_ErrorNamesIt()
    {
        Assert.False(Digest.TryParse("md5:d41d8cd98f00b204e9800998ecf8427e", out _, out var error));

        Assert.Contains("'md5'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_SameString_AreEqual()
    {
        Assert.Equal(Digest.Parse("sha256:" + AbcSha256), Digest.Parse("sha256:" + AbcSha256));
        Assert.NotEqual(Digest.Parse("sha256:" + AbcSha256), Digest.Parse("sha256:" + EmptySha256));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256, "", EmptySha256)]
    [InlineData(DigestAlgorithm.Sha512, "", EmptySha512)]
    [InlineData(DigestAlgorithm.Sha256, "abc", AbcSha256)]
    public void Compute_KnownContent_ReturnsKnownDigest(DigestAlgorithm algorithm, string content, string hex)
    {
        var digest = Digest.Compute(algorithm, Encoding.ASCII.GetBytes(content));

        Assert.Equal(algorithm, digest.Algorithm);
        Assert.Equal(hex, digest.Hex);
    }

    [Fact]
    public void FromHash_RawBytes_EncodesLowercaseHex()
    {
        var digest = Digest.FromHash(DigestAlgorithm.Sha256, SHA256.HashData(Encoding.ASCII.GetBytes("abc")));

        Assert.Equal("sha256:" + AbcSha256, digest.ToString());
        Assert.Equal(digest, Digest.Parse(digest.ToString()));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public void CreateHasher_ChunkedInput_MatchesCompute(DigestAlgorithm algorithm)
    {
        var content = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 31)).ToArray();
        using var hasher = Digest.CreateHasher(algorithm);
        foreach (var chunk in content.Chunk(777))
        {
            hasher.AppendData(chunk);
        }

        Assert.Equal(Digest.Compute(algorithm, content), Digest.FromHash(algorithm, hasher.GetHashAndReset()));
    }

    [Fact]
    public void ToString_Default_IsEmpty()
    {
        Assert.Equal("", default(Digest).ToString());
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256, "sha256", 64)]
    [InlineData(DigestAlgorithm.Sha512, "sha512", 128)]
    public void DigestAlgorithms_NameAndLength_MatchOciSpec(DigestAlgorithm algorithm, string name, int hexLength)
    {
        Assert.Equal(name, algorithm.Name());
        Assert.Equal(hexLength, algorithm.HexLength());
        Assert.True(DigestAlgorithms.TryParse(name, out var parsed));
        Assert.Equal(algorithm, parsed);
    }
}
