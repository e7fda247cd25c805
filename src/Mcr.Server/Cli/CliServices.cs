using Mcr.Core.Identity;
using Mcr.Infrastructure;
using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Configuration;

namespace Mcr.Server.Cli;

/// <summary>
/// The server's own service graph (<see cref="InfrastructureServiceCollectionExtensions.AddMcrInfrastructure"/>)
/// for commands that work on the data directly (<c>gc</c>, <c>snapshot</c>), so they run exactly the code the
/// REST API runs. The audit queue is started, and drained on dispose, so their audit events are written.
/// </summary>
internal sealed class CliServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly AuditQueue _audit;

    private CliServices(ServiceProvider provider)
    {
        _provider = provider;
        _audit = provider.GetRequiredService<AuditQueue>();
    }

    /// <summary>The actor of operations run from the command line (audit records name it).</summary>
    public static AdminCaller Operator { get; } = new(new Principal(
        "mcrsrv-cli", "mcrsrv (command line)", AccountType.System, [Roles.Admin], DateTimeOffset.MaxValue));

    public static async Task<CliServices> StartAsync(McrOptions options, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(options);
        services.AddMcrInfrastructure(options);
        var cli = new CliServices(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        await cli._audit.StartAsync(cancellationToken);
        return cli;
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _audit.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
    }
}
