using System.Diagnostics;
using Dapper;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Database;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcr.Infrastructure.Gc;

/// <summary>
/// Crash recovery (SPEC §9 <c>reconcile</c>): removes blob files that have no row (a crash between GC's two
/// phases, or between an upload's rename and its row) and upload sessions whose temp file and row were
/// both untouched for <c>gc.upload_ttl</c>.
/// </summary>
public sealed class GcReconciler
{
    private readonly SqliteDatabase _database;
    private readonly IBlobStore _blobs;
    private readonly IUploadStore _uploads;
    private readonly GcLock _lock;
    private readonly GcOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public GcReconciler(SqliteDatabase database, IBlobStore blobs, IUploadStore uploads, GcLock gcLock, GcOptions options, TimeProvider time, ILogger<GcReconciler>? logger = null)
    {
        _database = database;
        _blobs = blobs;
        _uploads = uploads;
        _lock = gcLock;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<GcReconciler>.Instance;
    }

    /// <summary>
    /// Removes orphan blob files, then stale uploads. <see cref="GcOutcome.Busy"/> if a GC run holds the lock.
    /// </summary>
    public async Task<GcOutcome> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        long files, bytes;
        using (var lease = await _lock.TryEnterCollectAsync(cancellationToken))
        {
            if (lease is null)
            {
                return GcOutcome.Busy.Instance;
            }
            (files, bytes) = await RemoveOrphanBlobFilesAsync(cancellationToken);
        }
        // Outside the lock: an upload commit holds its upload open while it waits for the lock, and
        // deleting an upload waits for its open handle.
        var (uploadFiles, uploadBytes, sessions) = await RemoveStaleUploadsAsync(cancellationToken);
        var report = new GcReport(GcRunKind.Reconcile, 0, bytes + uploadBytes, files + uploadFiles, 0, sessions, GcKept.None, clock.Elapsed);
        GcLog.Reconciled(_logger, report.FilesRemoved, report.BytesFreed, report.UploadsRemoved, report.Duration.TotalMilliseconds);
        return new GcOutcome.Completed(report);
    }

    /// <summary>
    /// Under the lock no commit is between its rename and its row, so a file without a row is an orphan.
    /// The grace period on the file's mtime still spares a blob another process (e.g. a running server
    /// while <c>mcrsrv gc --reconcile</c> runs) is committing right now.
    /// </summary>
    private async Task<(long Files, long Bytes)> RemoveOrphanBlobFilesAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - _options.GracePeriod;
        long files = 0, bytes = 0;
        await using var connection = await _database.OpenAsync(cancellationToken);
        await foreach (var blob in _blobs.ListAsync(cancellationToken))
        {
            if (blob.ModifiedAt >= cutoff)
            {
                continue;
            }
            var known = await connection.ExecuteScalarAsync<bool>(
                GcSql.BlobRowExists, new { digest = blob.Digest.ToString(), cancellationToken });
            if (known)
            {
                continue;
            }
            try
            {
                if (await _blobs.DeleteAsync(blob.Digest, cancellationToken))
                {
                    files++;
                    bytes += blob.Size;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                GcLog.ReconcileDeleteFailed(_logger, $"blob file {blob.Digest}", e);
            }
        }
        return (files, bytes);
    }

    /// <summary>An upload is stale when neither its row nor its temp file changed within the upload TTL.</summary>
    private async Task<(long Files, long Bytes, long Sessions)> RemoveStaleUploadsAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - _options.UploadTtl;
        var staleRows = (await _uploads.ListOlderThanAsync(cutoff, cancellationToken)).Select(u => u.Id).ToHashSet();
        var filesSeen = new HashSet<Guid>();
        long files = 0, bytes = 0, sessions = 0;
        await foreach (var file in _blobs.ListUploadsAsync(cancellationToken))
        {
            filesSeen.Add(file.UploadId);
            if (file.ModifiedAt >= cutoff)
            {
                continue;
            }
            var hasRow = staleRows.Contains(file.UploadId);
            if (!hasRow && await _uploads.GetAsync(file.UploadId, cancellationToken) is not null)
            {
                continue; // the session is still in use
            }
            try
            {
                if (await _blobs.DeleteUploadAsync(file.UploadId, cancellationToken))
                {
                    files++;
                    bytes += file.Size;
                }
                if (hasRow && await _uploads.DeleteAsync(file.UploadId, cancellationToken))
                {
                    sessions++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                GcLog.ReconcileDeleteFailed(_logger, $"upload {file.UploadId}", e);
            }
        }
        foreach (var id in staleRows.Where(id => !filesSeen.Contains(id)))
        {
            if (await _uploads.DeleteAsync(id, cancellationToken))
            {
                sessions++;
            }
        }
        return (files, bytes, sessions);
    }
}
