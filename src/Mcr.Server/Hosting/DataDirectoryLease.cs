using Mcr.Infrastructure;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Gc;

namespace Mcr.Server.Hosting;

/// <summary>Holds the <see cref="DataDirectoryLock"/> while the server runs; refuses to start without it.</summary>
internal sealed class DataDirectoryLease(McrOptions options) : IHostedService, IDisposable
{
    private DataDirectoryLock? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = InfrastructureServiceCollectionExtensions.DataDirectoryOf(options);
        _lock = DataDirectoryLock.TryAcquire(directory)
            ?? throw new DataDirectoryInUseException(directory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}

/// <summary>Another mcrsrv process (a server or <c>mcrsrv gc</c>) is using the data directory.</summary>
public sealed class DataDirectoryInUseException(string directory)
    : InvalidOperationException($"another mcrsrv process (a server or `mcrsrv gc`) is using the data directory {directory}")
{
    public string Directory { get; } = directory;
}
