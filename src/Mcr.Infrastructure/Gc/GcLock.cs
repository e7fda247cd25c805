namespace Mcr.Infrastructure.Gc;

/// <summary>
/// The registry-wide GC lock (SPEC §9). Upload commits (file rename + blob registration) hold it
/// shared; a GC run holds it exclusively while it decides what to delete and deletes it, so a blob
/// can never be re-uploaded between GC deciding it is garbage and GC removing its file. Only one GC
/// run at a time: a second <see cref="TryEnterCollectAsync"/> gets null at once.
/// </summary>
public sealed class GcLock : IDisposable
{
    private readonly SemaphoreSlim _collector = new(1, 1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _sync = new();
    private int _commits;
    private TaskCompletionSource? _drained;

    /// <summary>True while a GC run holds (or waits for) the lock.</summary>
    public bool IsCollecting => _collector.CurrentCount == 0;

    /// <summary>Enters as an upload commit; waits while a GC run holds the lock.</summary>
    public async Task<IDisposable> EnterCommitAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        lock (_sync)
        {
            _commits++;
        }
        _gate.Release();
        return new Releaser(ExitCommit);
    }

    /// <summary>
    /// Enters as the GC run: null if another run is in progress; otherwise waits for commits in
    /// flight to finish and holds new ones back until disposed.
    /// </summary>
    public async Task<IDisposable?> TryEnterCollectAsync(CancellationToken cancellationToken = default)
    {
        if (!await _collector.WaitAsync(0, cancellationToken))
        {
            return null;
        }
        var gateHeld = false;
        try
        {
            await _gate.WaitAsync(cancellationToken);
            gateHeld = true;
            Task drained;
            lock (_sync)
            {
                _drained = _commits == 0 ? null : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drained = _drained?.Task ?? Task.CompletedTask;
            }
            await drained.WaitAsync(cancellationToken);
            return new Releaser(() =>
            {
                _gate.Release();
                _collector.Release();
            });
        }
        catch
        {
            if (gateHeld)
            {
                _gate.Release();
            }
            _collector.Release();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _collector.Dispose();
        _gate.Dispose();
    }

    private void ExitCommit()
    {
        lock (_sync)
        {
            _commits--;
            if (_commits == 0)
            {
                _drained?.TrySetResult();
                _drained = null;
            }
        }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
