using Grpc.Net.Client;
using Mcr.Web.Cli;

namespace Mcr.Web.Registry;

/// <summary>
/// The one gRPC channel to the registry (<c>web.grpc_addr</c>), shared by every request; HTTP/2 multiplexes the
/// calls. The caller's token is added per call by <see cref="RegistryClient"/>, never stored here.
/// </summary>
public sealed class RegistryConnection : IDisposable
{
    private readonly TlsTrust _trust;

    public RegistryConnection(WebSettings settings)
    {
        Address = settings.GrpcAddress;
        _trust = TlsTrust.Create(settings.Options.Web.CaCert);
        var handler = new SocketsHttpHandler
        {
            SslOptions = _trust.ClientOptions(Address.Host.Trim('[', ']')),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        };
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // A manifest is at most 4 MiB; its content comes back with the parsed parts beside it.
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
    }

    /// <summary><c>https://host:port</c> of the registry's gRPC API.</summary>
    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Why the registry's certificate was last refused, for the "registry unavailable" page.</summary>
    public string? LastTlsRefusal => _trust.LastRefusal;

    public void Dispose() => Channel.Dispose();
}
