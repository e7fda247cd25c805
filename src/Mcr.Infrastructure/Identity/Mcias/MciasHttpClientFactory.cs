using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Mcr.Infrastructure.Configuration;

namespace Mcr.Infrastructure.Identity.Mcias;

/// <summary>
/// Builds the one <see cref="HttpClient"/> used to talk to MCIAS: TLS 1.3 only, the system trust store or
/// (with <c>mcias.ca_cert</c>) exactly the CAs in that PEM file, and a 10 s overall timeout.
/// Host name checks stay on: a custom root changes whom we trust, not what name we expect.
/// </summary>
internal static class MciasHttpClientFactory
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static HttpClient Create(MciasOptions options)
    {
        var baseAddress = ParseServerUrl(options.ServerUrl);
        var ssl = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.Tls13 };
        if (!string.IsNullOrWhiteSpace(options.CaCert))
        {
            ssl.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            ssl.CertificateChainPolicy.CustomTrustStore.AddRange(LoadCaCertificates(options.CaCert));
        }
        var handler = new SocketsHttpHandler
        {
            SslOptions = ssl,
            ConnectTimeout = Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = Timeout };
    }

    private static Uri ParseServerUrl(string serverUrl)
    {
        if (!Uri.TryCreate(serverUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"mcias.server_url must be an absolute https:// URL (got '{serverUrl}')", nameof(serverUrl));
        }
        // A trailing slash makes relative paths append to any path prefix of the server URL.
        var text = uri.ToString();
        return text.EndsWith('/') ? uri : new Uri(text + "/");
    }

    private static X509Certificate2Collection LoadCaCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"mcias.ca_cert: cannot read CA certificates from {path}: {e.Message}", nameof(path), e);
        }
        if (certificates.Count == 0)
        {
            throw new ArgumentException($"mcias.ca_cert: {path} contains no PEM certificate", nameof(path));
        }
        return certificates;
    }
}
