using System.Text.Json;
using Dapper;
using Mcr.Infrastructure.Database;

namespace Mcr.Infrastructure.Registry;

/// <summary><see cref="IRepositoryInfoStore"/> over the SQLite database.</summary>
public sealed class RepositoryInfoStore(SqliteDatabase database) : IRepositoryInfoStore
{
    /// <summary>The size of repository <c>r</c> (see <see cref="RepositorySummary"/>), for any query over <c>repositories r</c>.</summary>
    internal const string RepositorySize = """
        (SELECT coalesce(sum(m.size), 0) FROM manifests m WHERE m.repository_id = r.id)
          + (SELECT coalesce(sum(b.size), 0) FROM blobs b WHERE b.id IN
              (SELECT mb.blob_id FROM manifest_blobs mb JOIN manifests m ON m.id = mb.manifest_id WHERE m.repository_id = r.id))
        """;

    // Correlated sub-queries use the (repository_id, …) unique indexes of manifests and tags.
    private const string SummaryColumns = $"""
        r.name AS Name, r.created_at AS CreatedAt,
        (SELECT count(*) FROM tags t WHERE t.repository_id = r.id) AS TagCount,
        (SELECT count(*) FROM manifests m WHERE m.repository_id = r.id) AS ManifestCount,
        (SELECT max(m.created_at) FROM manifests m WHERE m.repository_id = r.id) AS LastPushedAt,
        {RepositorySize} AS Size
        """;

    public async Task<IReadOnlyList<RepositorySummary>> GetSummariesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            return [];
        }
        // The names go in as one JSON array rather than through Dapper's list expansion ("IN @names"): Dapper.AOT
        // expands lists with Dapper's own code, which pulls Dapper's reflection path into a Native AOT build.
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SummaryRow>(
            $"SELECT {SummaryColumns} FROM repositories r WHERE r.name IN (SELECT value FROM json_each(@names)) ORDER BY r.name",
            new { names = ToJsonArray(names), cancellationToken });
        return [.. rows.Select(ToSummary)];
    }

    public async Task<RepositoryDetail?> GetDetailAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken);
        // one read transaction: counts and lists agree even while pushes run
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var summary = await connection.QuerySingleOrDefaultAsync<SummaryRow>(
            $"SELECT {SummaryColumns}, r.id AS Id FROM repositories r WHERE r.name = @name",
            new { name, cancellationToken }, transaction);
        if (summary is null)
        {
            return null;
        }
        var parameters = new { id = summary.Id, limit = IRepositoryInfoStore.MaxDetailItems, cancellationToken };
        var tags = await connection.QueryAsync<TagRow>(
            """
            SELECT t.name AS Name, m.digest AS Digest, t.updated_at AS UpdatedAt
            FROM tags t JOIN manifests m ON m.id = t.manifest_id
            WHERE t.repository_id = @id ORDER BY t.name LIMIT @limit
            """,
            parameters, transaction);
        var manifests = await connection.QueryAsync<ManifestRow>(
            """
            SELECT digest AS Digest, media_type AS MediaType, size AS Size, artifact_type AS ArtifactType,
                   subject_digest AS SubjectDigest, created_at AS CreatedAt
            FROM manifests WHERE repository_id = @id ORDER BY created_at DESC, id DESC LIMIT @limit
            """,
            parameters, transaction);
        return new RepositoryDetail(
            ToSummary(summary),
            [.. tags.Select(t => new TagInfo(t.Name, t.Digest, DbTime.FromDb(t.UpdatedAt)))],
            [.. manifests.Select(m => new ManifestInfo(m.Digest, m.MediaType, m.Size, m.ArtifactType, m.SubjectDigest, DbTime.FromDb(m.CreatedAt)))]);
    }

    internal static string ToJsonArray(IReadOnlyCollection<string> values) =>
        JsonSerializer.Serialize(values.ToArray(), SqlJsonContext.Default.StringArray);

    private static RepositorySummary ToSummary(SummaryRow row) =>
        new(row.Name, row.TagCount, row.ManifestCount, row.Size, DbTime.FromDb(row.CreatedAt),
            row.LastPushedAt is null ? null : DbTime.FromDb(row.LastPushedAt));

    internal sealed class SummaryRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public long TagCount { get; set; }
        public long ManifestCount { get; set; }
        public string? LastPushedAt { get; set; }
        public long Size { get; set; }
    }

    internal sealed class TagRow
    {
        public string Name { get; set; } = "";
        public string Digest { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
    }

    internal sealed class ManifestRow
    {
        public string Digest { get; set; } = "";
        public string MediaType { get; set; } = "";
        public long Size { get; set; }
        public string? ArtifactType { get; set; }
        public string? SubjectDigest { get; set; }
        public string CreatedAt { get; set; } = "";
    }
}
