using Mcr.Infrastructure.Configuration;

namespace Mcr.Server.Health;

/// <summary>
/// Whether a load balancer should send this replica new requests: not before the host has started, and not
/// once a stop has begun. A stop first marks the replica draining and keeps serving for
/// <see cref="ServerOptions.DrainDelay"/>, so the balancer's health check sees 503 and moves traffic away
/// before the listeners close; requests still in flight then get <c>server.shutdown_timeout</c> to finish.
/// </summary>
internal sealed class Readiness(McrOptions options, ILogger<Readiness> logger) : IHostedLifecycleService
{
    public const string Starting = "starting";
    public const string Ready = "ready";
    public const string Draining = "draining";

    private volatile string _state = Starting;

    public string State => _state;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _state = Ready;
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _state = Draining;
        var delay = options.Server.DrainDelay;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        Log.Draining(logger, delay);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
