using Microsoft.Extensions.Hosting;

namespace Mcr.Infrastructure.Policy;

/// <summary>
/// Loads the policy rules when the host starts, so the engine stops failing closed before the
/// server takes requests. Register it before the web server starts (hosted services start in
/// registration order); a failure here stops start-up.
/// </summary>
public sealed class PolicyEngineStartup(IPolicyEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.ReloadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
