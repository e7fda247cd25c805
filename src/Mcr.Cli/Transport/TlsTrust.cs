using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mcr.Cli.Transport;

/// <summary>
/// How mcrctl trusts the server's certificate, for both transports: the system's roots by default, only the PEM
/// certificates of <c>--ca-cert</c> when given (a CA, or a self-signed server certificate itself), or nothing at
/// all with <c>--insecure</c>. The host name is checked in the first two cases. TLS 1.3 only, as the server.
/// The validation callback keeps why it refused, because the handshake exception only says "rejected".
/// </summary>
internal sealed class TlsTrust
{
    private readonly X509Certificate2Collection? _roots;
    private readonly bool _insecure;

    private TlsTrust(X509Certificate2Collection? roots, bool insecure)
    {
        _roots = roots;
        _insecure = insecure;
    }

    /// <summary>Why the last certificate was refused, in words; null if none was.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>Reads <c>--ca-cert</c> (throws <see cref="CaCertificateException"/> with the reason when unusable).</summary>
    public static TlsTrust Create(string? caCertPath, bool insecure)
    {
        if (insecure || caCertPath is null)
        {
            return new TlsTrust(null, insecure);
        }
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caCertPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CaCertificateException($"--ca-cert {caCertPath}: {Describe(e)}");
        }
        return roots.Count == 0
            ? throw new CaCertificateException($"--ca-cert {caCertPath}: no PEM certificate in the file")
            : new TlsTrust(roots, insecure: false);
    }

    public SslClientAuthenticationOptions ClientOptions(string host) => new()
    {
        TargetHost = host,
        EnabledSslProtocols = SslProtocols.Tls13,
        RemoteCertificateValidationCallback = Validate,
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_insecure)
        {
            return true;
        }
        if (certificate is null)
        {
            return Refuse("the server sent no certificate");
        }
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return Refuse($"its certificate ({certificate.Subject}) is not issued for this host name");
        }
        if (_roots is null)
        {
            return errors == SslPolicyErrors.None || Refuse(
                $"its certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not trusted by this system; " +
                "pass --ca-cert FILE with the CA (for a --dev server: <data>/tls/cert.pem), or --insecure to skip the check");
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf) || Refuse(
            $"its certificate ({certificate.Subject}, issued by {certificate.Issuer}) does not chain to --ca-cert: " +
            string.Join("; ", custom.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct()));
    }

    private bool Refuse(string reason)
    {
        LastRefusal = reason;
        return false;
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}

/// <summary>The <c>--ca-cert</c> file cannot be used; a usage error.</summary>
internal sealed class CaCertificateException(string message) : Exception(message);
