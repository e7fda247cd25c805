using Dapper;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;
using Mcr.Core.Names;
using Mcr.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using static Mcr.Infrastructure.Registry.RegistrySql;

namespace Mcr.Infrastructure.Registry;

/// <summary><see cref="IManifestStore"/> over the SQLite database.</summary>
public sealed class ManifestStore : IManifestStore
{
    private const string SelectByDigest = """
        SELECT m.media_type AS MediaType, m.content AS Content, m.size AS Size FROM manifests m JOIN repositories r ON r.id = m.repository_id
        WHERE r.name = @repository AND m.digest = @digest
        """;

    private const string SelectByTag = """
        SELECT m.digest AS Digest, m.media_type AS MediaType, m.content AS Content, m.size AS Size FROM tags t
        JOIN repositories r ON r.id = t.repository_id
        JOIN manifests m ON m.id = t.manifest_id
        WHERE r.name = @repository AND t.name = @tag
        """;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ManifestCache _cache;

    /// <param name="cache">Shared with every other writer of manifests and tags (see <see cref="ManifestCache"/>).</param>
    public ManifestStore(SqliteDatabase database, TimeProvider time, ManifestCache cache)
    {
        _database = database;
        _time = time;
        _cache = cache;
    }

    public async Task<ManifestPushResult> PushAsync(
        string repository,
        ManifestRecord manifest,
        IReadOnlyCollection<string> tags,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(tags);
        EnsureValidName(repository);
        foreach (var tag in tags)
        {
            if (!TagName.IsValid(tag))
            {
                throw new ArgumentException($"invalid tag '{tag}'", nameof(tags));
            }
        }
        var now = DbTime.ToDb(_time.GetUtcNow());
        await using var connection = await _database.OpenAsync(cancellationToken);
        // Checks and writes share one IMMEDIATE transaction: GC phase 1 (also a write transaction) either
        // runs before it, and the checks see the blob gone, or after it, and sees the new references.
        await using var transaction = BeginWrite(connection);
        var repositoryId = await GetRepositoryIdAsync(connection, transaction, repository, cancellationToken);

        var blobIds = new List<long>(manifest.RequiredBlobs.Count);
        foreach (var digest in manifest.RequiredBlobs.Distinct())
        {
            var blob = repositoryId is null ? null : await connection.QuerySingleOrDefaultAsync<ReadableBlob>(
                ReadableBlobByRepositoryId, new { digest = digest.ToString(), repositoryId, cancellationToken }, transaction);
            if (blob is null)
            {
                return new ManifestPushResult.MissingBlob(digest);
            }
            blobIds.Add(blob.Id);
        }
        var children = manifest.Children.Distinct().ToList();
        foreach (var child in children)
        {
            var exists = repositoryId is not null && await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM manifests WHERE repository_id = @repositoryId AND digest = @digest)",
                new { repositoryId, digest = child.ToString(), cancellationToken }, transaction);
            if (!exists)
            {
                return new ManifestPushResult.MissingManifest(child);
            }
        }

        repositoryId ??= await GetOrCreateRepositoryAsync(connection, transaction, repository, now, cancellationToken);
        var (manifestId, created) = await UpsertManifestAsync(connection, transaction, repositoryId.Value, manifest, now, cancellationToken);
        await ReplaceReferencesAsync(connection, transaction, manifestId, blobIds, children, now, cancellationToken);
        foreach (var tag in tags)
        {
            await connection.ExecuteAsync("""
                INSERT INTO tags (repository_id, name, manifest_id, updated_at) VALUES (@repositoryId, @tag, @manifestId, @now)
                ON CONFLICT (repository_id, name) DO UPDATE SET manifest_id = excluded.manifest_id, updated_at = excluded.updated_at
                """, new { repositoryId, tag, manifestId, now, cancellationToken }, transaction);
        }
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _cache.Invalidate(repository);
        }
        return new ManifestPushResult.Stored(created);
    }

    public async Task<StoredManifest?> GetAsync(string repository, Digest digest, CancellationToken cancellationToken = default)
    {
        var reference = digest.ToString();
        if (_cache.TryGet(repository, reference, out var cached))
        {
            return cached;
        }
        var generation = _cache.Generation;
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ManifestRow>(
            SelectByDigest, new { repository, digest = reference, cancellationToken });
        return row is null ? null : Remember(repository, reference, new StoredManifest(digest, row.MediaType, row.Content, row.Size), generation);
    }

    public async Task<StoredManifest?> GetByTagAsync(string repository, string tag, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGet(repository, tag, out var cached))
        {
            return cached;
        }
        var generation = _cache.Generation;
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TaggedManifestRow>(
            SelectByTag, new { repository, tag, cancellationToken });
        return row is null ? null : Remember(repository, tag, new StoredManifest(Digest.Parse(row.Digest), row.MediaType, row.Content, row.Size), generation);
    }

    // Foreign keys cascade to tags, manifest_blobs and index_children; blob rows are left to GC.
    public Task<DeleteResult> DeleteAsync(string repository, Digest digest, CancellationToken cancellationToken = default) =>
        DeleteRowsAsync(repository, connection => connection.ExecuteAsync("""
            DELETE FROM manifests
            WHERE repository_id = (SELECT id FROM repositories WHERE name = @repository) AND digest = @digest
            """, new { repository, digest = digest.ToString(), cancellationToken }), cancellationToken);

    public async Task<Digest?> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            // one statement: the digest returned is the one the deleted row pointed at, whatever runs beside it
            var digest = await connection.QuerySingleOrDefaultAsync<string>("""
                DELETE FROM tags
                WHERE repository_id = (SELECT id FROM repositories WHERE name = @repository) AND name = @tag
                RETURNING (SELECT m.digest FROM manifests m WHERE m.id = tags.manifest_id)
                """, new { repository, tag, cancellationToken });
            return digest is null ? null : Digest.Parse(digest);
        }
        finally
        {
            _cache.Invalidate(repository);
        }
    }

    /// <summary>
    /// One DELETE in <paramref name="repository"/>, then the cache forgets the repository. The caller runs its own
    /// statement, so Dapper.AOT sees its SQL and parameter type.
    /// </summary>
    private async Task<DeleteResult> DeleteRowsAsync(string repository, Func<SqliteConnection, Task<int>> delete, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            var deleted = await delete(connection);
            return deleted > 0 ? DeleteResult.Deleted : DeleteResult.NotFound;
        }
        finally
        {
            _cache.Invalidate(repository);
        }
    }

    private StoredManifest Remember(string repository, string reference, StoredManifest manifest, long generation)
    {
        _cache.Set(repository, reference, manifest, generation);
        return manifest;
    }

    public async Task<ListPage<string>?> ListTagsAsync(string repository, int n, string? last, CancellationToken cancellationToken = default)
    {
        EnsureValidPageSize(n);
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (await GetRepositoryIdAsync(connection, null, repository, cancellationToken) is not { } repositoryId)
        {
            return null;
        }
        if (n == 0)
        {
            return new ListPage<string>([], false);
        }
        var limit = n + 1;
        var names = (last is null
            ? await connection.QueryAsync<string>(
                "SELECT name FROM tags WHERE repository_id = @repositoryId ORDER BY name LIMIT @limit",
                new { repositoryId, limit, cancellationToken })
            : await connection.QueryAsync<string>(
                "SELECT name FROM tags WHERE repository_id = @repositoryId AND name > @last ORDER BY name LIMIT @limit",
                new { repositoryId, last, limit, cancellationToken })).ToList();
        return RepositoryStore.ToPage(names, n);
    }

    public async Task<IReadOnlyList<ReferrerDescriptor>> ListReferrersAsync(
        string repository,
        Digest subject,
        string? artifactType,
        CancellationToken cancellationToken = default)
    {
        const string select = """
            SELECT m.digest AS Digest, m.media_type AS MediaType, m.size AS Size, m.artifact_type AS ArtifactType, m.content AS Content
            FROM manifests m JOIN repositories r ON r.id = m.repository_id
            WHERE r.name = @repository AND m.subject_digest = @subject
            """;
        var subjectText = subject.ToString();
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = artifactType is null
            ? await connection.QueryAsync<ReferrerRow>(
                select + " ORDER BY m.id", new { repository, subject = subjectText, cancellationToken })
            : await connection.QueryAsync<ReferrerRow>(
                select + " AND m.artifact_type = @artifactType ORDER BY m.id", new { repository, subject = subjectText, artifactType, cancellationToken });
        var referrers = new List<ReferrerDescriptor>();
        foreach (var row in rows)
        {
            // Annotations are not in a column; referrer lists are short, so re-reading the stored manifest is cheap.
            var parsed = ManifestParser.Parse(row.Content, row.MediaType);
            var annotations = parsed.IsSuccess && parsed.Manifest.Annotations.Count > 0 ? parsed.Manifest.Annotations : null;
            referrers.Add(new ReferrerDescriptor(row.MediaType, Digest.Parse(row.Digest), row.Size, row.ArtifactType, annotations));
        }
        return referrers;
    }

    private static async Task<(long Id, bool Created)> UpsertManifestAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        long repositoryId,
        ManifestRecord manifest,
        string now,
        CancellationToken cancellationToken)
    {
        var parameters = new
        {
            repositoryId,
            digest = manifest.Digest.ToString(),
            mediaType = manifest.MediaType,
            content = new BinaryValue(manifest.Content),
            size = manifest.Content.LongLength,
            subject = manifest.Subject?.ToString(),
            artifactType = manifest.ArtifactType,
            now,
            cancellationToken,
        };
        var existing = await connection.ExecuteScalarAsync<long?>(
            "SELECT id FROM manifests WHERE repository_id = @repositoryId AND digest = @digest", parameters, transaction);
        if (existing is { } id)
        {
            // Same digest, same bytes. Only the media type can differ (bytes without a mediaType field pushed
            // under another Content-Type): the latest push wins.
            await connection.ExecuteAsync("""
                UPDATE manifests SET media_type = @mediaType, subject_digest = @subject, artifact_type = @artifactType
                WHERE id = @id
                """, new { id, parameters.mediaType, parameters.subject, parameters.artifactType, cancellationToken }, transaction);
            return (id, false);
        }
        var newId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO manifests (repository_id, digest, media_type, content, size, subject_digest, artifact_type, created_at)
            VALUES (@repositoryId, @digest, @mediaType, @content, @size, @subject, @artifactType, @now)
            RETURNING id
            """, parameters, transaction);
        return (newId, true);
    }

    /// <summary>Rewrites the manifest's blob and child references and renews the referenced blobs' GC clock.</summary>
    private static async Task ReplaceReferencesAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        long manifestId,
        List<long> blobIds,
        List<Digest> children,
        string now,
        CancellationToken cancellationToken)
    {
        var owner = new { manifestId, cancellationToken };
        await connection.ExecuteAsync("DELETE FROM manifest_blobs WHERE manifest_id = @manifestId", owner, transaction);
        await connection.ExecuteAsync("DELETE FROM index_children WHERE parent_id = @manifestId", owner, transaction);
        foreach (var blobId in blobIds)
        {
            await connection.ExecuteAsync(
                "INSERT INTO manifest_blobs (manifest_id, blob_id) VALUES (@manifestId, @blobId)",
                new { manifestId, blobId, cancellationToken }, transaction);
            await connection.ExecuteAsync(
                "UPDATE blobs SET last_seen_at = @now WHERE id = @blobId", new { now, blobId, cancellationToken }, transaction);
        }
        foreach (var child in children)
        {
            await connection.ExecuteAsync(
                "INSERT INTO index_children (parent_id, child_digest) VALUES (@manifestId, @child)",
                new { manifestId, child = child.ToString(), cancellationToken }, transaction);
        }
    }

    internal sealed record ManifestRow(string MediaType, byte[] Content, long Size);

    internal sealed record TaggedManifestRow(string Digest, string MediaType, byte[] Content, long Size);

    internal sealed record ReferrerRow(string Digest, string MediaType, long Size, string? ArtifactType, byte[] Content);
}
