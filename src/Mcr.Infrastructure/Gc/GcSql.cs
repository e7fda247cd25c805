namespace Mcr.Infrastructure.Gc;

/// <summary>
/// The GC's SQL. What protects a blob (SPEC §9): a <c>manifest_blobs</c> reference from a manifest of any
/// repository, a <c>repository_blobs</c> link (upload or mount; removed by blob DELETE, repository delete or
/// delete-untagged pruning), or a <c>last_seen_at</c> within the grace period. Timestamps are
/// <see cref="Database.DbTime"/> text, so <c>&lt;</c> compares times.
/// </summary>
internal static class GcSql
{
    /// <summary>True for blob <c>b</c> that nothing protects; <c>@cutoff</c> = now − grace period.</summary>
    private const string Unprotected = """
        b.last_seen_at < @cutoff
        AND NOT EXISTS (SELECT 1 FROM manifest_blobs mb WHERE mb.blob_id = b.id)
        AND NOT EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.blob_id = b.id)
        """;

    public const string Candidates = "SELECT b.id AS Id FROM blobs b WHERE " + Unprotected;

    /// <summary>Deletes one candidate if it is still unprotected (the re-check inside the write transaction).</summary>
    public const string DeleteIfUnprotected =
        "DELETE FROM blobs AS b WHERE b.id = @id AND " + Unprotected + " RETURNING digest AS Digest, size AS Size";

    /// <summary>
    /// Delete-untagged: manifests older than the grace period that no tag points at, that no index of the
    /// same repository lists as a child and whose subject (referrers API) is not a manifest of the
    /// repository. Repeated until nothing changes, so an untagged index's children and a deleted
    /// manifest's referrers go in the same run.
    /// </summary>
    public const string DeleteUntaggedManifests = """
        DELETE FROM manifests WHERE id IN (
            SELECT m.id FROM manifests m
            WHERE m.created_at < @cutoff
              AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.manifest_id = m.id)
              AND NOT EXISTS (SELECT 1 FROM index_children ic JOIN manifests p ON p.id = ic.parent_id
                              WHERE ic.child_digest = m.digest AND p.repository_id = m.repository_id)
              AND (m.subject_digest IS NULL
                   OR NOT EXISTS (SELECT 1 FROM manifests s
                                  WHERE s.repository_id = m.repository_id AND s.digest = m.subject_digest)))
        """;

    /// <summary>
    /// Delete-untagged: upload/mount links that no manifest of their repository uses, when both the link
    /// and the blob's last sighting are older than the grace period (a push in progress renews them).
    /// </summary>
    public const string PruneStaleLinks = """
        DELETE FROM repository_blobs AS rb
        WHERE rb.created_at < @cutoff
          AND EXISTS (SELECT 1 FROM blobs b WHERE b.id = rb.blob_id AND b.last_seen_at < @cutoff)
          AND NOT EXISTS (SELECT 1 FROM manifest_blobs mb JOIN manifests m ON m.id = mb.manifest_id
                          WHERE mb.blob_id = rb.blob_id AND m.repository_id = rb.repository_id)
        """;

    public const string BlobRowExists = "SELECT EXISTS (SELECT 1 FROM blobs WHERE digest = @digest)";
}
