using Dapper;
using Mcr.Infrastructure.Database;
using static Mcr.Infrastructure.Registry.RegistrySql;

namespace Mcr.Infrastructure.Registry;

/// <summary><see cref="IUploadStore"/> over the SQLite database.</summary>
public sealed class UploadStore : IUploadStore
{
    private const string SelectColumns = """
        SELECT u.uuid AS Uuid, r.name AS Name, u.byte_offset AS Offset, u.created_at AS CreatedAt, u.updated_at AS UpdatedAt
        FROM uploads u JOIN repositories r ON r.id = u.repository_id
        """;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public UploadStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public async Task<UploadRecord> CreateAsync(string repository, Guid id, CancellationToken cancellationToken = default)
    {
        EnsureValidName(repository);
        var now = _time.GetUtcNow();
        var nowText = DbTime.ToDb(now);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = BeginWrite(connection);
        var repositoryId = await GetOrCreateRepositoryAsync(connection, transaction, repository, nowText, cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO uploads (uuid, repository_id, byte_offset, created_at, updated_at)
            VALUES (@uuid, @repositoryId, 0, @now, @now)
            """, new { uuid = Key(id), repositoryId, now = nowText, cancellationToken }, transaction);
        await transaction.CommitAsync(cancellationToken);
        // Round-trip through the stored format so the record equals what GetAsync returns.
        var stored = DbTime.FromDb(nowText);
        return new UploadRecord(id, repository, 0, stored, stored);
    }

    public async Task<UploadRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            SelectColumns + " WHERE u.uuid = @uuid", new { uuid = Key(id), cancellationToken });
        return row is null ? null : ToRecord(row);
    }

    public async Task<bool> UpdateOffsetAsync(Guid id, long offset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(
            "UPDATE uploads SET byte_offset = @offset, updated_at = @now WHERE uuid = @uuid",
            new { uuid = Key(id), offset, now = DbTime.ToDb(_time.GetUtcNow()), cancellationToken });
        return updated > 0;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(
            "DELETE FROM uploads WHERE uuid = @uuid", new { uuid = Key(id), cancellationToken });
        return deleted > 0;
    }

    public async Task<IReadOnlyList<UploadRecord>> ListOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            SelectColumns + " WHERE u.updated_at < @cutoff ORDER BY u.updated_at",
            new { cutoff = DbTime.ToDb(cutoff), cancellationToken });
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>The one text form of an upload id in the database.</summary>
    private static string Key(Guid id) => id.ToString("D");

    private static UploadRecord ToRecord(Row row) =>
        new(Guid.Parse(row.Uuid), row.Name, row.Offset, DbTime.FromDb(row.CreatedAt), DbTime.FromDb(row.UpdatedAt));

    internal sealed record Row(string Uuid, string Name, long Offset, string CreatedAt, string UpdatedAt);
}
