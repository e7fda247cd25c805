namespace Mcr.Cli.Transport;

/// <summary>The one socket handler both transports use (gRPC runs HTTP/2 over it), with <see cref="TlsTrust"/>'s check.</summary>
internal static class HttpHandlers
{
    public static SocketsHttpHandler Create(ConnectionOptions options, TlsTrust trust) => new()
    {
        SslOptions = trust.ClientOptions(options.Endpoint.Address.IdnHost),
        ConnectTimeout = options.Timeout,
        // a CLI run is short: no pooled connection outlives it anyway
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    };
}
