using Dapper;
using Mcr.Infrastructure.Database;
using static Mcr.Infrastructure.Registry.RegistrySql;

namespace Mcr.Infrastructure.Registry;

/// <summary><see cref="IRepositoryStore"/> over the SQLite database.</summary>
public sealed class RepositoryStore : IRepositoryStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ManifestCache _cache;

    public RepositoryStore(SqliteDatabase database, TimeProvider time, ManifestCache cache)
    {
        _cache = cache;
        _database = database;
        _time = time;
    }

    public async Task<long?> GetIdAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await GetRepositoryIdAsync(connection, null, name, cancellationToken);
    }

    public async Task<long> GetOrCreateAsync(string name, CancellationToken cancellationToken = default)
    {
        EnsureValidName(name);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = BeginWrite(connection);
        var id = await GetOrCreateRepositoryAsync(connection, transaction, name, DbTime.ToDb(_time.GetUtcNow()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<ListPage<string>> ListNamesAsync(int n, string? last, CancellationToken cancellationToken = default)
    {
        EnsureValidPageSize(n);
        if (n == 0)
        {
            return new ListPage<string>([], false);
        }
        // Two statements rather than "@last IS NULL OR …" so the range always uses the unique index on name.
        var limit = n + 1;
        await using var connection = await _database.OpenAsync(cancellationToken);
        var names = (last is null
            ? await connection.QueryAsync<string>(
                "SELECT name FROM repositories ORDER BY name LIMIT @limit", new { limit, cancellationToken })
            : await connection.QueryAsync<string>(
                "SELECT name FROM repositories WHERE name > @last ORDER BY name LIMIT @limit", new { last, limit, cancellationToken })).ToList();
        return ToPage(names, n);
    }

    public async Task<RepositoryDeleteSummary?> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = BeginWrite(connection);
        if (await GetRepositoryIdAsync(connection, transaction, name, cancellationToken) is not { } id)
        {
            return null;
        }
        var parameters = new { id, cancellationToken };
        var manifests = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM manifests WHERE repository_id = @id", parameters, transaction);
        var tags = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM tags WHERE repository_id = @id", parameters, transaction);
        var uploads = (await connection.QueryAsync<string>(
            "SELECT uuid FROM uploads WHERE repository_id = @id", parameters, transaction))
            .Select(Guid.Parse)
            .ToList();
        // ON DELETE CASCADE removes manifests (→ tags, manifest_blobs, index_children), links and uploads.
        await connection.ExecuteAsync("DELETE FROM repositories WHERE id = @id", parameters, transaction);
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _cache.Invalidate(name);
        }
        return new RepositoryDeleteSummary(name, manifests, tags, uploads);
    }

    /// <summary>Turns an n+1 probe into a page of n items plus whether more follow.</summary>
    internal static ListPage<string> ToPage(List<string> rows, int n) =>
        rows.Count > n ? new ListPage<string>(rows.GetRange(0, n), true) : new ListPage<string>(rows, false);
}
