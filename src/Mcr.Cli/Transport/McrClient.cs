using Mcr.Cli.Client;

namespace Mcr.Cli.Transport;

/// <summary>The five parts of one transport over one connection, which it closes when disposed.</summary>
internal sealed class McrClient(
    IDisposable connection, IRegistryApi registry, IPolicyApi policy, IAuditApi audit, IAdminApi admin, IAccountApi accounts)
    : IMcrClient
{
    public IRegistryApi Registry => registry;

    public IPolicyApi Policy => policy;

    public IAuditApi Audit => audit;

    public IAdminApi Admin => admin;

    public IAccountApi Accounts => accounts;

    public ValueTask DisposeAsync()
    {
        connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
