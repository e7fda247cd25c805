using Mcr.Cli.Client;

namespace Mcr.Cli.Transport.Grpc;

/// <summary>The admin operations over the <c>mcr.v1</c> gRPC services (<c>proto/mcr/v1</c>).</summary>
internal sealed class GrpcMcrClient : IMcrClient
{
    private readonly GrpcConnection _connection;

    public GrpcMcrClient(ConnectionOptions options)
    {
        _connection = new GrpcConnection(options);
        Endpoint = options.Endpoint.Name;
        Registry = new GrpcRegistryApi(_connection);
        Policy = new GrpcPolicyApi(_connection);
        Audit = new GrpcAuditApi(_connection);
        Admin = new GrpcAdminApi(_connection);
        Accounts = new GrpcAccountApi(_connection);
    }

    public string Endpoint { get; }

    public IRegistryApi Registry { get; }

    public IPolicyApi Policy { get; }

    public IAuditApi Audit { get; }

    public IAdminApi Admin { get; }

    public IAccountApi Accounts { get; }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
