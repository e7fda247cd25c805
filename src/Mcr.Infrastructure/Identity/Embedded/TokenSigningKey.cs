using System.Security.Cryptography;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>
/// The embedded provider's ES256 signing key: a P-256 private key in PKCS#8 PEM at
/// <c>&lt;data dir&gt;/token-signing.key</c>, mode 0600. Created on first use; a new key logs everyone out,
/// so an existing file is always reused.
/// </summary>
internal static class TokenSigningKey
{
    public const string FileName = "token-signing.key";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static ECDsa LoadOrCreate(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            Create(dataDirectory, path);
        }
        return Load(path);
    }

    private static void Create(string dataDirectory, string path)
    {
        if (!Directory.Exists(dataDirectory))
        {
            Directory.CreateDirectory(dataDirectory, OwnerOnly | UnixFileMode.UserExecute);
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        // Write a private temp file (0600 from the first byte) and move it into place, so a crash never
        // leaves a half-written key and two starting processes agree on one key.
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnly,
            }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(pem);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static ECDsa Load(string path)
    {
        // Tighten a key someone loosened by hand rather than serve tokens signed with a readable key silently.
        if ((File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                throw new InvalidOperationException($"{path}: token signing key must be a P-256 key");
            }
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{path}: not a PEM EC private key ({e.Message})", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
