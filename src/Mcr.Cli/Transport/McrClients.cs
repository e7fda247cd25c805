using Mcr.Cli.Client;
using Mcr.Cli.Transport.Grpc;
using Mcr.Cli.Transport.Rest;

namespace Mcr.Cli.Transport;

/// <summary>The one place that picks the transport: the <c>/v1/</c> REST API, or the <c>mcr.v1</c> gRPC services.</summary>
internal static class McrClients
{
    public static IMcrClient Create(ConnectionOptions options) => options.Endpoint.Transport switch
    {
        TransportKind.Grpc => Grpc(options),
        _ => Rest(options),
    };

    private static McrClient Rest(ConnectionOptions options)
    {
        var rest = new RestConnection(options);
        return new McrClient(rest,
            new RestRegistryApi(rest), new RestPolicyApi(rest), new RestAuditApi(rest), new RestAdminApi(rest), new RestAccountApi(rest));
    }

    private static McrClient Grpc(ConnectionOptions options)
    {
        var grpc = new GrpcConnection(options);
        return new McrClient(grpc,
            new GrpcRegistryApi(grpc), new GrpcPolicyApi(grpc), new GrpcAuditApi(grpc), new GrpcAdminApi(grpc), new GrpcAccountApi(grpc));
    }
}
