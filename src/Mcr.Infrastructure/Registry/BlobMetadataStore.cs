using Dapper;
using Mcr.Core.Digests;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Database;
using static Mcr.Infrastructure.Registry.RegistrySql;

namespace Mcr.Infrastructure.Registry;

/// <summary><see cref="IBlobMetadataStore"/> over the SQLite database.</summary>
public sealed class BlobMetadataStore : IBlobMetadataStore
{
    /// <summary>
    /// <c>last_seen_at</c> is not rewritten more often than this, so a pull-heavy blob does not take the write
    /// lock on every read. A sixtieth of the GC grace period (a minute for the default hour) at most: a client
    /// that learns a blob exists is then protected for at least 59/60 of the grace period.
    /// </summary>
    public static readonly TimeSpan MaxTouchInterval = TimeSpan.FromMinutes(1);

    private const string CanReadByName = """
        SELECT b.size FROM repositories r JOIN blobs b ON b.digest = @digest
        WHERE r.name = @repository
          AND (EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.repository_id = r.id AND rb.blob_id = b.id)
               OR EXISTS (SELECT 1 FROM manifest_blobs mb JOIN manifests m ON m.id = mb.manifest_id
                          WHERE mb.blob_id = b.id AND m.repository_id = r.id))
        """;

    /// <summary>A link's <c>created_at</c> is its latest upload or mount: GC's grace period runs from there.</summary>
    private const string LinkSql = """
        INSERT INTO repository_blobs (repository_id, blob_id, created_at) VALUES (@repositoryId, @blobId, @now)
        ON CONFLICT (repository_id, blob_id) DO UPDATE SET created_at = excluded.created_at
        """;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly GcOptions _gc;

    public BlobMetadataStore(SqliteDatabase database, TimeProvider time, GcOptions? gc = null)
    {
        _database = database;
        _time = time;
        _gc = gc ?? new GcOptions();
    }

    /// <summary>How stale <c>last_seen_at</c> may get before a touch rewrites it, for a grace period.</summary>
    public static TimeSpan TouchInterval(TimeSpan gracePeriod) =>
        gracePeriod / 60 < MaxTouchInterval ? gracePeriod / 60 : MaxTouchInterval;

    public async Task<BlobRecord?> GetBlobAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<BlobRow>(
            "SELECT size AS Size, created_at AS CreatedAt, last_seen_at AS LastSeenAt FROM blobs WHERE digest = @digest",
            new { digest = digest.ToString(), cancellationToken });
        return row is null ? null : new BlobRecord(digest, row.Size, DbTime.FromDb(row.CreatedAt), DbTime.FromDb(row.LastSeenAt));
    }

    public async Task<BlobRecord> RegisterUploadedBlobAsync(string repository, Digest digest, long size, CancellationToken cancellationToken = default)
    {
        EnsureValidName(repository);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var now = DbTime.ToDb(_time.GetUtcNow());
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = BeginWrite(connection);
        var blob = await connection.QuerySingleAsync<RegisteredBlobRow>("""
            INSERT INTO blobs (digest, size, created_at, last_seen_at) VALUES (@digest, @size, @now, @now)
            ON CONFLICT (digest) DO UPDATE SET last_seen_at = excluded.last_seen_at
            RETURNING id AS Id, size AS Size, created_at AS CreatedAt
            """, new { digest = digest.ToString(), size, now, cancellationToken }, transaction);
        var repositoryId = await GetOrCreateRepositoryAsync(connection, transaction, repository, now, cancellationToken);
        await connection.ExecuteAsync(LinkSql, new { repositoryId, blobId = blob.Id, now, cancellationToken }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return new BlobRecord(digest, blob.Size, DbTime.FromDb(blob.CreatedAt), DbTime.FromDb(now));
    }

    public async Task<long?> CanReadAsync(string repository, Digest digest, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(
            CanReadByName, new { repository, digest = digest.ToString(), cancellationToken });
    }

    public async Task<bool> TouchAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        var grace = _gc.GracePeriod;
        if (grace <= TimeSpan.Zero)
        {
            return false; // with no grace period, GC spares nothing a client has merely seen
        }
        var now = _time.GetUtcNow();
        var threshold = DbTime.ToDb(now - TouchInterval(grace));
        var parameters = new { digest = digest.ToString(), now = DbTime.ToDb(now), threshold, cancellationToken };
        await using var connection = await _database.OpenAsync(cancellationToken);
        // Read first: an UPDATE takes the write lock even when it matches no row.
        var lastSeen = await connection.ExecuteScalarAsync<string?>(
            "SELECT last_seen_at FROM blobs WHERE digest = @digest", parameters);
        if (lastSeen is null || string.CompareOrdinal(lastSeen, threshold) >= 0)
        {
            return false;
        }
        var updated = await connection.ExecuteAsync(
            "UPDATE blobs SET last_seen_at = @now WHERE digest = @digest AND last_seen_at < @threshold",
            parameters);
        return updated > 0;
    }

    public async Task<long?> MountAsync(string fromRepository, string toRepository, Digest digest, CancellationToken cancellationToken = default)
    {
        EnsureValidName(toRepository);
        var now = DbTime.ToDb(_time.GetUtcNow());
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = BeginWrite(connection);
        if (await GetRepositoryIdAsync(connection, transaction, fromRepository, cancellationToken) is not { } fromId)
        {
            return null;
        }
        var readable = await connection.QuerySingleOrDefaultAsync<ReadableBlob>(
            ReadableBlobByRepositoryId, new { digest = digest.ToString(), repositoryId = fromId, cancellationToken }, transaction);
        if (readable is null)
        {
            return null;
        }
        var toId = await GetOrCreateRepositoryAsync(connection, transaction, toRepository, now, cancellationToken);
        await connection.ExecuteAsync(LinkSql, new { repositoryId = toId, blobId = readable.Id, now, cancellationToken }, transaction);
        await connection.ExecuteAsync(
            "UPDATE blobs SET last_seen_at = @now WHERE id = @id", new { now, id = readable.Id, cancellationToken }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return readable.Size;
    }

    public async Task<BlobUnlinkResult> UnlinkAsync(string repository, Digest digest, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = BeginWrite(connection);
        var repositoryId = await GetRepositoryIdAsync(connection, transaction, repository, cancellationToken);
        var blobId = await connection.ExecuteScalarAsync<long?>(
            "SELECT id FROM blobs WHERE digest = @digest", new { digest = digest.ToString(), cancellationToken }, transaction);
        if (repositoryId is null || blobId is null)
        {
            return BlobUnlinkResult.NotFound;
        }
        var parameters = new { repositoryId, blobId, cancellationToken };
        var unlinked = await connection.ExecuteAsync(
            "DELETE FROM repository_blobs WHERE repository_id = @repositoryId AND blob_id = @blobId",
            parameters, transaction);
        var referenced = await connection.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM manifest_blobs mb JOIN manifests m ON m.id = mb.manifest_id
                           WHERE mb.blob_id = @blobId AND m.repository_id = @repositoryId)
            """, parameters, transaction);
        await transaction.CommitAsync(cancellationToken);
        return referenced ? BlobUnlinkResult.StillReferenced
            : unlinked > 0 ? BlobUnlinkResult.Unlinked
            : BlobUnlinkResult.NotFound;
    }

    internal sealed record BlobRow(long Size, string CreatedAt, string LastSeenAt);

    internal sealed record RegisteredBlobRow(long Id, long Size, string CreatedAt);
}
