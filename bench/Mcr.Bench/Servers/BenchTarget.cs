using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Mcr.Testing;

namespace Mcr.Bench.Servers;

/// <summary>
/// One registry under test, up and answering: where it listens, how to authenticate to it, and its process.
/// Clients trust exactly its self-signed certificate and speak HTTP/1.1 over TLS with keep-alive.
/// </summary>
internal sealed class BenchTarget(
    string name,
    Uri baseUri,
    ServerProcess process,
    TempDirectory data,
    X509Certificate2 certificate,
    AuthenticationHeaderValue? authorization,
    AuthenticationHeaderValue? tokenCredentials,
    string authDescription) : IAsyncDisposable
{
    public string Name => name;

    public Uri BaseUri => baseUri;

    public ServerProcess Process => process;

    /// <summary>How requests are authenticated, for the report (no secrets).</summary>
    public string AuthDescription => authDescription;

    /// <summary>Basic credentials for the token endpoint; null when the registry has none.</summary>
    public AuthenticationHeaderValue? TokenCredentials => tokenCredentials;

    public static readonly Version HttpVersion = System.Net.HttpVersion.Version11;

    /// <summary>A client with its own connection pool of at most <paramref name="maxConnections"/> keep-alive connections.</summary>
    public HttpClient CreateClient(int maxConnections, TimeSpan timeout, bool authenticated = true)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && certificate.RawData.AsSpan().SequenceEqual(presented.GetRawCertData()),
            },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = baseUri,
            Timeout = timeout,
            DefaultRequestVersion = HttpVersion,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (authenticated && authorization is not null)
        {
            client.DefaultRequestHeaders.Authorization = authorization;
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        certificate.Dispose();
        data.Dispose();
    }
}
