namespace Mcr.Infrastructure.Gc;

/// <summary>
/// The GC's SQL. What protects a blob (SPEC §9): a <c>manifest_blobs</c> reference from a manifest of any
/// repository, or the grace period: a <c>last_seen_at</c> (a client learned the blob exists) or a
/// <c>repository_blobs</c> link (upload or mount) younger than <c>@cutoff</c> = now − grace period. An older
/// link no longer protects, so deleting an image frees its blobs on the next run. Timestamps are
/// <see cref="Database.DbTime"/> text, so <c>&lt;</c> compares times.
/// </summary>
internal static class GcSql
{
    private const string Referenced = "EXISTS (SELECT 1 FROM manifest_blobs mb WHERE mb.blob_id = b.id)";

    private const string WithinGrace = """
        (b.last_seen_at >= @cutoff
         OR EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.blob_id = b.id AND rb.created_at >= @cutoff))
        """;

    /// <summary>True for blob <c>b</c> that nothing protects.</summary>
    private const string Unprotected = "NOT " + Referenced + " AND NOT " + WithinGrace;

    public const string Candidates = "SELECT b.id AS Id FROM blobs b WHERE " + Unprotected;

    /// <summary>Deletes one candidate if it is still unprotected (the re-check inside the write transaction).</summary>
    public const string DeleteIfUnprotected =
        "DELETE FROM blobs AS b WHERE b.id = @id AND " + Unprotected + " RETURNING digest AS Digest, size AS Size";

    /// <summary>Why the blobs that stay were kept, each blob counted once (a reference before the grace period).</summary>
    public const string KeptByReason = $"""
        SELECT COALESCE(SUM(CASE WHEN {Referenced} THEN 1 ELSE 0 END), 0) AS Referenced,
               COALESCE(SUM(CASE WHEN NOT {Referenced} AND {WithinGrace} THEN 1 ELSE 0 END), 0) AS WithinGrace
        FROM blobs b
        """;

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

    public const string BlobRowExists = "SELECT EXISTS (SELECT 1 FROM blobs WHERE digest = @digest)";
}
