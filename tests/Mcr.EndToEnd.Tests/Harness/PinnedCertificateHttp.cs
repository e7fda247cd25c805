using System.Security.Cryptography.X509Certificates;

namespace Mcr.EndToEnd.Tests.Harness;

/// <summary>
/// An HttpClient that trusts exactly the dev server's self-signed certificate (<c>&lt;data&gt;/tls/cert.pem</c>,
/// written by the server at start-up, so it is read at handshake time).
/// </summary>
public static class PinnedCertificateHttp
{
    public static HttpClient CreateClient(string certificatePemPath, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null || !File.Exists(certificatePemPath))
                    {
                        return false;
                    }
                    using var expected = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePemPath));
                    return expected.RawData.AsSpan().SequenceEqual(certificate.GetRawCertData());
                },
            },
        };
        return new HttpClient(handler) { Timeout = timeout };
    }
}
