using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Mcr.Core.Digests;

/// <summary>
/// A validated content digest such as <c>sha256:&lt;64 lowercase hex&gt;</c>.
/// Only <see cref="DigestAlgorithm"/> algorithms with exactly the right number of lowercase
/// hex characters parse, so a <see cref="Digest"/> can be used to build a file path safely.
/// </summary>
public readonly record struct Digest
{
    private Digest(DigestAlgorithm algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public DigestAlgorithm Algorithm { get; }

    /// <summary>The lowercase hex encoded hash, without the algorithm prefix.</summary>
    public string Hex { get; }

    /// <summary>Parses a digest; the error says why a string is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest, out string error)
    {
        digest = default;
        if (string.IsNullOrEmpty(value))
        {
            error = "digest is empty";
            return false;
        }
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = "digest must have the form <algorithm>:<hex>";
            return false;
        }
        if (!DigestAlgorithms.TryParse(value.AsSpan(0, colon), out var algorithm))
        {
            error = $"unsupported digest algorithm '{Truncate(value[..colon])}'";
            return false;
        }
        var hex = value.AsSpan(colon + 1);
        if (hex.Length != algorithm.HexLength())
        {
            error = $"{algorithm.Name()} digest must have {algorithm.HexLength()} hex characters";
            return false;
        }
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                error = "digest hex must be lowercase hexadecimal";
                return false;
            }
        }
        digest = new Digest(algorithm, hex.ToString());
        error = "";
        return true;
    }

    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest) => TryParse(value, out digest, out _);

    /// <summary>Parses a digest or throws <see cref="FormatException"/>.</summary>
    public static Digest Parse(string value) =>
        TryParse(value, out var digest, out var error) ? digest : throw new FormatException(error);

    /// <summary>Builds a digest from raw hash bytes.</summary>
    public static Digest FromHash(DigestAlgorithm algorithm, ReadOnlySpan<byte> hash) =>
        new(algorithm, Convert.ToHexStringLower(hash));

    /// <summary>Hashes a buffer (small content such as manifests).</summary>
    public static Digest Compute(DigestAlgorithm algorithm, ReadOnlySpan<byte> content) => algorithm switch
    {
        DigestAlgorithm.Sha256 => FromHash(algorithm, SHA256.HashData(content)),
        DigestAlgorithm.Sha512 => FromHash(algorithm, SHA512.HashData(content)),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>A new incremental hasher for this algorithm.</summary>
    public static IncrementalHash CreateHasher(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        DigestAlgorithm.Sha512 => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public override string ToString() => Hex is null ? "" : $"{Algorithm.Name()}:{Hex}";

    private static string Truncate(string s) => s.Length <= 32 ? s : s[..32] + "…";
}
