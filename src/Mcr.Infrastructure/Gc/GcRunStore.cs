using Dapper;
using Mcr.Infrastructure.Database;

namespace Mcr.Infrastructure.Gc;

/// <summary>GC run history in <c>gc_runs</c>, so the last result survives a restart.</summary>
public sealed class GcRunStore(SqliteDatabase database)
{
    private const string SelectColumns =
        """
        SELECT id AS Id, kind AS Kind, started_at AS StartedAt, completed_at AS CompletedAt, blobs_removed AS BlobsRemoved,
               bytes_freed AS BytesFreed, files_removed AS FilesRemoved, error AS Error, manifests_removed AS ManifestsRemoved,
               uploads_removed AS UploadsRemoved, kept_referenced AS KeptReferenced, kept_within_grace AS KeptWithinGrace
        FROM gc_runs
        """;

    /// <summary>Records a run that just started.</summary>
    public async Task InsertAsync(GcRunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO gc_runs (id, kind, started_at) VALUES (@id, @kind, @startedAt)
            """, new { id = run.Id, kind = GcRunRecord.KindName(run.Kind), startedAt = DbTime.ToDb(run.StartedAt), cancellationToken });
    }

    /// <summary>Stores a finished run's result (completion time, counts, error).</summary>
    public async Task CompleteAsync(GcRunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.CompletedAt is not { } completedAt)
        {
            throw new ArgumentException("the run has not completed", nameof(run));
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            UPDATE gc_runs SET completed_at = @completedAt, blobs_removed = @blobsRemoved, bytes_freed = @bytesFreed,
                               files_removed = @filesRemoved, error = @error, manifests_removed = @manifestsRemoved,
                               uploads_removed = @uploadsRemoved, kept_referenced = @keptReferenced, kept_within_grace = @keptWithinGrace
            WHERE id = @id
            """, new
        {
            id = run.Id,
            completedAt = DbTime.ToDb(completedAt),
            blobsRemoved = run.BlobsRemoved,
            bytesFreed = run.BytesFreed,
            filesRemoved = run.FilesRemoved,
            error = run.Error,
            manifestsRemoved = run.ManifestsRemoved,
            uploadsRemoved = run.UploadsRemoved,
            keptReferenced = run.Kept?.Referenced,
            keptWithinGrace = run.Kept?.WithinGrace,
            cancellationToken,
        });
    }

    /// <summary>The run with this id, or null.</summary>
    public async Task<GcRunRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(SelectColumns + " WHERE id = @id", new { id, cancellationToken });
        return rows.Select(ToRecord).FirstOrDefault();
    }

    /// <summary>The most recently started run that completed (either kind), or null if none has.</summary>
    public async Task<GcRunRecord?> GetLastCompletedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            SelectColumns + " WHERE completed_at IS NOT NULL ORDER BY started_at DESC, rowid DESC LIMIT 1", new { cancellationToken });
        return rows.Select(ToRecord).FirstOrDefault();
    }

    private static GcRunRecord ToRecord(Row row) => new(
        row.Id,
        GcRunRecord.ParseKind(row.Kind),
        DbTime.FromDb(row.StartedAt),
        row.CompletedAt is null ? null : DbTime.FromDb(row.CompletedAt),
        row.BlobsRemoved,
        row.BytesFreed,
        row.FilesRemoved,
        row.Error,
        row.ManifestsRemoved,
        row.UploadsRemoved,
        row.KeptReferenced is { } referenced ? new GcKept(referenced, row.KeptWithinGrace ?? 0) : null);

    internal sealed record Row(string Id, string Kind, string StartedAt, string? CompletedAt, long BlobsRemoved, long BytesFreed, long FilesRemoved, string? Error,
        long ManifestsRemoved, long UploadsRemoved, long? KeptReferenced, long? KeptWithinGrace);
}
