using Dapper;
using Mcr.Core.Manifests;
using Mcr.Core.Names;
using Mcr.Infrastructure.Database;

namespace Mcr.Infrastructure.Registry;

/// <summary><see cref="IManifestInfoStore"/> over the SQLite database.</summary>
public sealed class ManifestInfoStore(SqliteDatabase database) : IManifestInfoStore
{
    /// <summary>
    /// The bytes a pull of manifest <c>m</c> fetches: its own, its children's (an index) and every distinct blob
    /// they reference. One level of children: an index of indexes counts the inner indexes' bytes only.
    /// </summary>
    private const string PullSize = """
        m.size
          + coalesce((SELECT sum(c.size) FROM manifests c WHERE c.repository_id = m.repository_id
              AND c.digest IN (SELECT ic.child_digest FROM index_children ic WHERE ic.parent_id = m.id)), 0)
          + coalesce((SELECT sum(b.size) FROM blobs b WHERE b.id IN (
              SELECT mb.blob_id FROM manifest_blobs mb WHERE mb.manifest_id = m.id
              UNION
              SELECT mb.blob_id FROM manifest_blobs mb JOIN manifests c ON c.id = mb.manifest_id
              WHERE c.repository_id = m.repository_id
                AND c.digest IN (SELECT ic.child_digest FROM index_children ic WHERE ic.parent_id = m.id))), 0)
        """;

    private const string ManifestColumns = """
        m.id AS Id, m.digest AS Digest, m.media_type AS MediaType, m.size AS Size, m.artifact_type AS ArtifactType,
        m.subject_digest AS SubjectDigest, m.created_at AS CreatedAt, m.content AS Content
        """;

    public async Task<TagDetailPage?> ListTagsAsync(string repository, int n, int offset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        await using var connection = await database.OpenAsync(cancellationToken);
        // one read transaction: the page, its sizes and the total agree even while pushes run
        await using var transaction = connection.BeginTransaction(deferred: true);
        if (await RegistrySql.GetRepositoryIdAsync(connection, transaction, repository, cancellationToken) is not { } id)
        {
            return null;
        }
        var total = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM tags WHERE repository_id = @id", new { id, cancellationToken }, transaction);
        var rows = (await connection.QueryAsync<TagRow>(
            $"""
            SELECT t.name AS Name, m.id AS ManifestId, m.digest AS Digest, m.media_type AS MediaType,
                   {PullSize} AS Size, t.updated_at AS PushedAt
            FROM tags t JOIN manifests m ON m.id = t.manifest_id
            WHERE t.repository_id = @id ORDER BY t.name LIMIT @n OFFSET @offset
            """,
            new { id, n, offset, cancellationToken }, transaction)).ToList();
        var platforms = new Dictionary<long, IReadOnlyList<Platform>>();
        foreach (var row in rows)
        {
            if (ManifestMediaTypes.KindOf(row.MediaType) == ManifestKind.Index && !platforms.ContainsKey(row.ManifestId))
            {
                // index contents are read one at a time, so a page of large indexes never sits in memory at once
                var content = await connection.ExecuteScalarAsync<byte[]?>(
                    "SELECT content FROM manifests WHERE id = @manifestId", new { manifestId = row.ManifestId, cancellationToken }, transaction);
                platforms[row.ManifestId] = PlatformsOf(content, row.MediaType);
            }
        }
        return new TagDetailPage(
            [.. rows.Select(r => new TagDetail(r.Name, r.Digest, r.MediaType, r.Size, platforms.GetValueOrDefault(r.ManifestId, []), DbTime.FromDb(r.PushedAt)))],
            total);
    }

    public async Task<ManifestEntry?> GetAsync(string repository, ManifestReference reference, CancellationToken cancellationToken = default)
    {
        if (!reference.IsValid)
        {
            return null;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var row = reference.Digest is { } digest
            ? await connection.QuerySingleOrDefaultAsync<ManifestRow>(
                $"""
                SELECT {ManifestColumns} FROM manifests m JOIN repositories r ON r.id = m.repository_id
                WHERE r.name = @repository AND m.digest = @digest
                """,
                new { repository, digest = digest.ToString(), cancellationToken }, transaction)
            : await connection.QuerySingleOrDefaultAsync<ManifestRow>(
                $"""
                SELECT {ManifestColumns} FROM tags t
                JOIN repositories r ON r.id = t.repository_id
                JOIN manifests m ON m.id = t.manifest_id
                WHERE r.name = @repository AND t.name = @tag
                """,
                new { repository, tag = reference.Tag, cancellationToken }, transaction);
        if (row is null)
        {
            return null;
        }
        var tags = await connection.QueryAsync<string>(
            "SELECT name FROM tags WHERE manifest_id = @id ORDER BY name LIMIT @limit",
            new { id = row.Id, limit = IManifestInfoStore.MaxTagsPerManifest, cancellationToken }, transaction);
        var info = new ManifestInfo(row.Digest, row.MediaType, row.Size, row.ArtifactType, row.SubjectDigest, DbTime.FromDb(row.CreatedAt));
        return new ManifestEntry(info, row.Content, [.. tags]);
    }

    /// <summary>The platforms an index's children declare (children without one are left out).</summary>
    private static IReadOnlyList<Platform> PlatformsOf(byte[]? content, string mediaType)
    {
        var parsed = content is null ? null : ManifestParser.Parse(content, mediaType);
        return parsed is { IsSuccess: true } ? [.. parsed.Manifest.Children.Select(c => c.Platform).OfType<Platform>()] : [];
    }

    internal sealed class TagRow
    {
        public string Name { get; set; } = "";
        public long ManifestId { get; set; }
        public string Digest { get; set; } = "";
        public string MediaType { get; set; } = "";
        public long Size { get; set; }
        public string PushedAt { get; set; } = "";
    }

    internal sealed class ManifestRow
    {
        public long Id { get; set; }
        public string Digest { get; set; } = "";
        public string MediaType { get; set; } = "";
        public long Size { get; set; }
        public string? ArtifactType { get; set; }
        public string? SubjectDigest { get; set; }
        public string CreatedAt { get; set; } = "";
        public byte[] Content { get; set; } = [];
    }
}
