using System.Text.Json;
using Dapper;
using Mcr.Infrastructure.Database;
using static Mcr.Infrastructure.Registry.RepositoryInfoStore;

namespace Mcr.Infrastructure.Registry;

/// <summary><see cref="IRegistryStatsStore"/> over the SQLite database.</summary>
public sealed class RegistryStatsStore(SqliteDatabase database) : IRegistryStatsStore
{
    private const string CountAll = $"""
        SELECT
          (SELECT count(*) FROM repositories) AS RepositoryCount,
          (SELECT count(*) FROM manifests) AS ManifestCount,
          (SELECT count(*) FROM tags) AS TagCount,
          (SELECT count(*) FROM blobs) AS BlobCount,
          (SELECT coalesce(sum(size), 0) FROM blobs) AS StoredBytes,
          (SELECT coalesce(sum({RepositorySize}), 0) FROM repositories r) AS RepositoryBytes
        """;

    // The names go in as one JSON array (see RepositoryInfoStore.GetSummariesAsync for why not "IN @names").
    private const string CountNamed = $"""
        WITH visible AS (SELECT id FROM repositories WHERE name IN (SELECT value FROM json_each(@names))),
        readable AS (
          SELECT rb.blob_id AS id FROM repository_blobs rb WHERE rb.repository_id IN (SELECT id FROM visible)
          UNION
          SELECT mb.blob_id FROM manifest_blobs mb JOIN manifests m ON m.id = mb.manifest_id
          WHERE m.repository_id IN (SELECT id FROM visible))
        SELECT
          (SELECT count(*) FROM visible) AS RepositoryCount,
          (SELECT count(*) FROM manifests WHERE repository_id IN (SELECT id FROM visible)) AS ManifestCount,
          (SELECT count(*) FROM tags WHERE repository_id IN (SELECT id FROM visible)) AS TagCount,
          (SELECT count(*) FROM readable) AS BlobCount,
          (SELECT coalesce(sum(b.size), 0) FROM blobs b WHERE b.id IN (SELECT id FROM readable)) AS StoredBytes,
          (SELECT coalesce(sum({RepositorySize}), 0) FROM repositories r WHERE r.id IN (SELECT id FROM visible)) AS RepositoryBytes
        """;

    // Newest first by id: ids grow with every new manifest, so the scan walks the primary key backwards and stops early.
    private const string RecentColumns = """
        SELECT r.name AS Repository, m.digest AS Digest, m.media_type AS MediaType, m.created_at AS PushedAt,
          (SELECT json_group_array(t.name) FROM tags t WHERE t.manifest_id = m.id) AS Tags
        FROM manifests m JOIN repositories r ON r.id = m.repository_id
        """;

    public async Task<RegistryCounts> CountAsync(IReadOnlyCollection<string>? repositories, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return repositories is null
            ? await connection.QuerySingleAsync<RegistryCounts>(CountAll, new { cancellationToken })
            : await connection.QuerySingleAsync<RegistryCounts>(CountNamed, new { names = ToJsonArray(repositories), cancellationToken });
    }

    public async Task<IReadOnlyList<RecentPush>> ListRecentPushesAsync(
        IReadOnlyCollection<string>? repositories, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = repositories is null
            ? await connection.QueryAsync<RecentRow>(
                RecentColumns + " ORDER BY m.id DESC LIMIT @limit", new { limit, cancellationToken })
            : await connection.QueryAsync<RecentRow>(
                RecentColumns + " WHERE r.name IN (SELECT value FROM json_each(@names)) ORDER BY m.id DESC LIMIT @limit",
                new { names = ToJsonArray(repositories), limit, cancellationToken });
        return [.. rows.Select(row => new RecentPush(row.Repository, row.Digest, TagsOf(row.Tags), row.MediaType, DbTime.FromDb(row.PushedAt)))];
    }

    private static string[] TagsOf(string json) =>
        [.. (JsonSerializer.Deserialize(json, SqlJsonContext.Default.StringArray) ?? []).Order(StringComparer.Ordinal)];

    internal sealed class RecentRow
    {
        public string Repository { get; set; } = "";
        public string Digest { get; set; } = "";
        public string MediaType { get; set; } = "";
        public string PushedAt { get; set; } = "";
        public string Tags { get; set; } = "[]";
    }
}
