using System.Collections.Concurrent;
using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// Which blobs were opened for download lately: decides whether a download reads around the page cache
/// or through it. A blob downloaded once (the common first pull of a just-pushed layer) is read directly,
/// without allocating and filling cache pages it may never need again. A blob downloaded again within
/// <see cref="Window"/> is read through the cache, so that the pulls after it (a fleet rolling out one
/// image, many nodes at once) come from memory instead of each reading the disk.
/// </summary>
internal sealed class RecentReads(TimeProvider time)
{
    /// <summary>How long a download makes the next download of the same blob go through the page cache.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Bounds the memory of a registry with very many distinct blobs pulled once each: past this many
    // entries, the expired ones are dropped, and if more than half remain, all of them (the cost is only
    // that a hot blob's next download is read directly once more). Either way the next sweep is at least
    // MaxEntries / 2 downloads away, so sweeping stays cheap per download.
    internal const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<Digest, long> _lastOpened = new();

    /// <summary>Records a download of <paramref name="digest"/>; true if another began within the window.</summary>
    public bool Record(Digest digest)
    {
        var now = time.GetTimestamp();
        var previous = _lastOpened.TryGetValue(digest, out var at) ? at : (long?)null;
        _lastOpened[digest] = now;
        if (_lastOpened.Count > MaxEntries)
        {
            Prune(now);
        }
        return previous is { } last && time.GetElapsedTime(last, now) < Window;
    }

    /// <summary>Entries held (tests).</summary>
    internal int Count => _lastOpened.Count;

    private void Prune(long now)
    {
        foreach (var (digest, at) in _lastOpened)
        {
            if (time.GetElapsedTime(at, now) >= Window)
            {
                _lastOpened.TryRemove(new KeyValuePair<Digest, long>(digest, at));
            }
        }
        if (_lastOpened.Count > MaxEntries / 2)
        {
            _lastOpened.Clear();
        }
    }
}
