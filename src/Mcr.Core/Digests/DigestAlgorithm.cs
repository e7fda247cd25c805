namespace Mcr.Core.Digests;

/// <summary>The hash algorithms MCR accepts in digests (OCI image spec, "Digests").</summary>
public enum DigestAlgorithm
{
    Sha256,
    Sha512,
}

public static class DigestAlgorithms
{
    /// <summary>The algorithm's name as written in a digest string.</summary>
    public static string Name(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => "sha256",
        DigestAlgorithm.Sha512 => "sha512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Length of the lowercase hex encoding of the algorithm's output.</summary>
    public static int HexLength(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => 64,
        DigestAlgorithm.Sha512 => 128,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static bool TryParse(ReadOnlySpan<char> name, out DigestAlgorithm algorithm)
    {
        if (name.SequenceEqual("sha256"))
        {
            algorithm = DigestAlgorithm.Sha256;
            return true;
        }
        if (name.SequenceEqual("sha512"))
        {
            algorithm = DigestAlgorithm.Sha512;
            return true;
        }
        algorithm = default;
        return false;
    }
}
