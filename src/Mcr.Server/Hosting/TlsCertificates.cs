using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mcr.Server.Hosting;

/// <summary>Loads the server certificate from PEM files, and creates self-signed ones for <c>--dev</c> and <c>init</c>.</summary>
public static class TlsCertificates
{
    public static X509Certificate2 Load(string certPath, string keyPath) => X509Certificate2.CreateFromPemFile(certPath, keyPath);

    /// <summary>
    /// Writes a self-signed ECDSA P-256 certificate (valid 1 year, for localhost, 127.0.0.1, ::1 and
    /// this host's name plus <paramref name="extraNames"/>) to PEM files; the key file gets mode 0600.
    /// </summary>
    public static void CreateSelfSigned(string certPath, string keyPath, IEnumerable<string>? extraNames = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mcr", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (var name in new[] { Dns.GetHostName() }.Concat(extraNames ?? []).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else if (Uri.CheckHostName(name) == UriHostNameType.Dns)
            {
                san.AddDnsName(name);
            }
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(certPath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyPath))!);
        WriteFile(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteFile(certPath, certificate.ExportCertificatePem(),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static void WriteFile(string path, string content, UnixFileMode mode)
    {
        using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
        writer.Write('\n');
    }
}
