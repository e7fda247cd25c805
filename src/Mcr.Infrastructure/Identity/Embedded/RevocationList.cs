using System.Collections.Concurrent;
using Dapper;
using Mcr.Infrastructure.Database;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>
/// Logged-out token ids (<c>revoked_tokens</c>), mirrored in memory so checking one costs no I/O. Rows are kept
/// until the token would have expired anyway and purged on later writes, never on the read path.
/// </summary>
internal sealed class RevocationList
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    public RevocationList(SqliteDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
        LoadUnexpired(timeProvider.GetUtcNow());
    }

    public int Count => _revoked.Count;

    public bool IsRevoked(string tokenId) => _revoked.ContainsKey(tokenId);

    public async Task RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT OR IGNORE INTO revoked_tokens (token_id, expires_at) VALUES (@tokenId, @expiresAt);
                DELETE FROM revoked_tokens WHERE expires_at <= @now;
                """, new { tokenId, expiresAt = DbTime.ToDb(expiresAt), now = DbTime.ToDb(now), cancellationToken });
        }
        _revoked[tokenId] = expiresAt;
        foreach (var expired in _revoked.Where(pair => pair.Value <= now).Select(pair => pair.Key).ToList())
        {
            _revoked.TryRemove(expired, out _);
        }
    }

    /// <summary>
    /// Not inlined in the constructor: Dapper.AOT 1.1.0 does not intercept a Dapper call inside a constructor
    /// (it reports DAP005 there and leaves the call on Dapper's reflection path).
    /// </summary>
    private void LoadUnexpired(DateTimeOffset now)
    {
        using var connection = _database.Open();
        var rows = connection.Query<Row>(
            "SELECT token_id AS TokenId, expires_at AS ExpiresAt FROM revoked_tokens WHERE expires_at > @now",
            new { now = DbTime.ToDb(now) });
        foreach (var row in rows)
        {
            _revoked[row.TokenId] = DbTime.FromDb(row.ExpiresAt);
        }
    }

    internal sealed record Row(string TokenId, string ExpiresAt);
}
