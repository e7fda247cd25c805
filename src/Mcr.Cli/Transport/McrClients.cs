using Mcr.Cli.Client;
using Mcr.Cli.Transport.Grpc;
using Mcr.Cli.Transport.Rest;

namespace Mcr.Cli.Transport;

/// <summary>The one place that picks the transport.</summary>
internal static class McrClients
{
    public static IMcrClient Create(ConnectionOptions options) => options.Endpoint.Transport switch
    {
        TransportKind.Grpc => new GrpcMcrClient(options),
        _ => new RestMcrClient(options),
    };
}
