using System.Globalization;
using System.Security.Cryptography;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashes (OWASP 2023: 600,000 iterations), encoded as
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 hash&gt;</c>. The iteration count is read
/// back from the encoding, so raising <see cref="Iterations"/> later does not break existing hashes.
/// </summary>
public static class PasswordHasher
{
    public const string Scheme = "pbkdf2-sha256";
    public const int Iterations = 600_000;
    public const int SaltSize = 16;
    public const int HashSize = 32;

    // Bounds on what Verify accepts from storage, so a corrupted row cannot make a check free or endless.
    private const int MaxIterations = 10_000_000;

    private static readonly byte[] _dummySalt = new byte[SaltSize];

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>
    /// True if <paramref name="password"/> matches <paramref name="encoded"/>. With no or an unreadable hash
    /// (unknown user, account without password) it still spends one full derivation and returns false, so
    /// response time does not tell which usernames exist.
    /// </summary>
    public static bool Verify(string password, string? encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryDecode(encoded, out var iterations, out var salt, out var expected))
        {
            BurnOne(password);
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the cost of one verification without checking anything.</summary>
    public static void BurnOne(string password) =>
        Rfc2898DeriveBytes.Pbkdf2(password, _dummySalt, Iterations, HashAlgorithmName.SHA256, HashSize);

    private static bool TryDecode(string? encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = encoded?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < Iterations || iterations > MaxIterations)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= SaltSize && hash.Length == HashSize;
    }
}
