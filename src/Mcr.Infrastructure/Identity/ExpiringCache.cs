namespace Mcr.Infrastructure.Identity;

/// <summary>
/// A small bounded map whose entries expire at a per-entry instant read from a <see cref="TimeProvider"/>.
/// When full, expired entries go first, then the oldest tenth, so a flood of distinct keys cannot grow memory
/// and the sweep cost is paid once per many inserts. Keys are hashes chosen by the caller, never secrets.
/// </summary>
internal sealed class ExpiringCache<TValue>
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _capacity;
    private long _sequence;

    public ExpiringCache(TimeProvider timeProvider, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _timeProvider = timeProvider;
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The current keys (for tests and diagnostics).</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries.Keys];
            }
        }
    }

    public bool TryGet(string key, out TValue value) => TryGet(key.AsSpan(), out value);

    /// <summary>Looks a key up without a string for it (a key computed into a stack buffer on a hot path).</summary>
    public bool TryGet(ReadOnlySpan<char> key, out TValue value)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            var entries = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
            if (entries.TryGetValue(key, out var entry))
            {
                if (entry.ExpiresAt > now)
                {
                    value = entry.Value;
                    return true;
                }
                entries.Remove(key);
            }
        }
        value = default!;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> until <paramref name="expiresAt"/>; ignored if that is not in the future.</summary>
    public void Set(string key, TValue value, DateTimeOffset expiresAt)
    {
        var now = _timeProvider.GetUtcNow();
        if (expiresAt <= now)
        {
            return;
        }
        lock (_lock)
        {
            if (!_entries.ContainsKey(key) && _entries.Count >= _capacity)
            {
                MakeRoom(now);
            }
            _entries[key] = new Entry(value, expiresAt, ++_sequence);
        }
    }

    public bool Remove(string key)
    {
        lock (_lock)
        {
            return _entries.Remove(key);
        }
    }

    public int RemoveWhere(Func<TValue, bool> predicate)
    {
        lock (_lock)
        {
            var doomed = _entries.Where(pair => predicate(pair.Value.Value)).Select(pair => pair.Key).ToList();
            foreach (var key in doomed)
            {
                _entries.Remove(key);
            }
            return doomed.Count;
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var key in _entries.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList())
        {
            _entries.Remove(key);
        }
        if (_entries.Count < _capacity)
        {
            return;
        }
        var excess = _entries.Count - _capacity + 1;
        var toRemove = Math.Max(excess, _capacity / 10);
        foreach (var key in _entries.OrderBy(pair => pair.Value.Sequence).Take(toRemove).Select(pair => pair.Key).ToList())
        {
            _entries.Remove(key);
        }
    }

    private readonly record struct Entry(TValue Value, DateTimeOffset ExpiresAt, long Sequence);
}
