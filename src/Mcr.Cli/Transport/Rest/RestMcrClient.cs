using Mcr.Cli.Client;

namespace Mcr.Cli.Transport.Rest;

/// <summary>The admin operations over the <c>/v1/</c> REST API (README "Admin API").</summary>
internal sealed class RestMcrClient : IMcrClient
{
    private readonly RestConnection _connection;

    public RestMcrClient(ConnectionOptions options)
    {
        _connection = new RestConnection(options);
        Endpoint = options.Endpoint.Name;
        Registry = new RestRegistryApi(_connection);
        Policy = new RestPolicyApi(_connection);
        Audit = new RestAuditApi(_connection);
        Admin = new RestAdminApi(_connection);
        Accounts = new RestAccountApi(_connection);
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
