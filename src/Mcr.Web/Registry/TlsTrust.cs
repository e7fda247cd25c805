using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Mcr.Web.Registry;

/// <summary>
/// How mcr-web trusts the registry's gRPC certificate: only the PEM certificates of <c>web.ca_cert</c> when set (a CA,
/// or a self-signed server certificate itself), else the system's roots; the host name is always checked. TLS 1.3
/// only. The callback keeps why it refused, since the handshake error says only "rejected".
/// </summary>
internal sealed class TlsTrust
{
    private readonly X509Certificate2Collection? _roots;

    private TlsTrust(X509Certificate2Collection? roots) => _roots = roots;

    /// <summary>Why the last certificate was refused; null if none was.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>Reads <paramref name="caCertPath"/> (empty: the system's roots); a file without a certificate is an error.</summary>
    public static TlsTrust Create(string caCertPath)
    {
        if (caCertPath.Length == 0)
        {
            return new TlsTrust(null);
        }
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caCertPath);
        return roots.Count == 0
            ? throw new InvalidOperationException($"web.ca_cert {caCertPath}: no PEM certificate in the file")
            : new TlsTrust(roots);
    }

    public SslClientAuthenticationOptions ClientOptions(string host) => new()
    {
        TargetHost = host,
        EnabledSslProtocols = SslProtocols.Tls13,
        RemoteCertificateValidationCallback = Validate,
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return Refuse("the registry sent no certificate");
        }
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return Refuse($"its certificate ({certificate.Subject}) is not issued for the host name in web.grpc_addr");
        }
        if (_roots is null)
        {
            return errors == SslPolicyErrors.None || Refuse(
                $"its certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not trusted by this system; set web.ca_cert");
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
            $"its certificate ({certificate.Subject}, issued by {certificate.Issuer}) does not chain to web.ca_cert");
    }

    private bool Refuse(string reason)
    {
        LastRefusal = reason;
        return false;
    }
}
