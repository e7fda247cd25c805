using System.Diagnostics;
using Dapper;
using Mcr.Core.Digests;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Database;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Mcr.Infrastructure.Registry.RegistrySql;

namespace Mcr.Infrastructure.Gc;

/// <summary>
/// The GC engine (SPEC §9). Under the exclusive <see cref="GcLock"/>: phase 1, in one write transaction,
/// deletes the rows of blobs nothing protects (see <see cref="GcSql"/>; each candidate is re-checked by
/// its DELETE); phase 2 deletes their files (the blob store removes empty prefix directories). The lock
/// is held through phase 2 so an upload cannot commit a digest whose file is about to be removed. A
/// crash between the phases leaves files without rows, which <see cref="GcReconciler"/> removes.
/// </summary>
public sealed class GarbageCollector
{
    private readonly SqliteDatabase _database;
    private readonly IBlobStore _blobs;
    private readonly GcLock _lock;
    private readonly GcOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ManifestCache _manifestCache;

    /// <param name="manifestCache">Emptied when delete-untagged removes manifests.</param>
    public GarbageCollector(
        SqliteDatabase database, IBlobStore blobs, GcLock gcLock, GcOptions options, TimeProvider time, ManifestCache manifestCache,
        ILogger<GarbageCollector>? logger = null)
    {
        _manifestCache = manifestCache;
        _database = database;
        _blobs = blobs;
        _lock = gcLock;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<GarbageCollector>.Instance;
    }

    /// <summary>
    /// Runs both phases. With <paramref name="deleteUntagged"/>, phase 1 first deletes untagged manifests
    /// (<see cref="GcSql.DeleteUntaggedManifests"/>), so their blobs are collected in the same run.
    /// <see cref="GcOutcome.Busy"/> if another run holds the lock.
    /// </summary>
    public async Task<GcOutcome> CollectAsync(bool deleteUntagged = false, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var lease = await _lock.TryEnterCollectAsync(cancellationToken);
        if (lease is null)
        {
            return GcOutcome.Busy.Instance;
        }
        var cutoff = DbTime.ToDb(_time.GetUtcNow() - _options.GracePeriod);
        var phase1 = await DeleteRowsAsync(cutoff, deleteUntagged, cancellationToken);

        // Phase 2: the rows are gone and committed; finish even if the caller gives up, or reconcile
        // would have to clean up the rest.
        long files = 0, bytes = 0;
        foreach (var (digest, size) in phase1.Removed)
        {
            try
            {
                if (await _blobs.DeleteAsync(digest, CancellationToken.None))
                {
                    files++;
                    bytes += size;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                GcLog.FileDeleteFailed(_logger, digest.ToString(), e);
            }
        }
        var report = new GcReport(GcRunKind.Collect, phase1.Removed.Count, bytes, files, phase1.Manifests, 0, phase1.Kept, clock.Elapsed);
        GcLog.Collected(_logger, report.BlobsRemoved, report.BytesFreed, report.ManifestsRemoved,
            report.Kept.Referenced, report.Kept.WithinGrace, report.Duration.TotalMilliseconds);
        return new GcOutcome.Completed(report);
    }

    private async Task<PhaseOne> DeleteRowsAsync(string cutoff, bool deleteUntagged, CancellationToken cancellationToken)
    {
        var parameters = new { cutoff, cancellationToken };
        await using var connection = await _database.OpenAsync(cancellationToken);
        List<long> candidates = [];
        if (!deleteUntagged)
        {
            // Found with a read before taking the write lock, so writers wait only for the re-checked deletes.
            candidates = await FindCandidatesAsync(connection, null, cutoff, cancellationToken);
            if (candidates.Count == 0)
            {
                return new PhaseOne([], 0, await CountKeptAsync(connection, null, cutoff, cancellationToken));
            }
        }
        await using var transaction = BeginWrite(connection);
        long manifests = 0;
        if (deleteUntagged)
        {
            int deleted;
            do
            {
                deleted = await connection.ExecuteAsync(GcSql.DeleteUntaggedManifests, parameters, transaction);
                manifests += deleted;
            }
            while (deleted > 0);
            candidates = await FindCandidatesAsync(connection, transaction, cutoff, cancellationToken);
        }
        var removed = new List<(Digest, long)>();
        foreach (var id in candidates)
        {
            var row = await connection.QuerySingleOrDefaultAsync<DeletedBlob>(
                GcSql.DeleteIfUnprotected, new { id, cutoff, cancellationToken }, transaction);
            if (row is not null)
            {
                removed.Add((Digest.Parse(row.Digest), row.Size));
            }
        }
        var kept = await CountKeptAsync(connection, transaction, cutoff, cancellationToken);
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (manifests > 0)
            {
                _manifestCache.InvalidateAll();
            }
        }
        return new PhaseOne(removed, manifests, kept);
    }

    private static async Task<List<long>> FindCandidatesAsync(SqliteConnection connection, SqliteTransaction? transaction, string cutoff, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<long>(GcSql.Candidates, new { cutoff, cancellationToken }, transaction)).ToList();

    private static async Task<GcKept> CountKeptAsync(SqliteConnection connection, SqliteTransaction? transaction, string cutoff, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleAsync<KeptRow>(GcSql.KeptByReason, new { cutoff, cancellationToken }, transaction);
        return new GcKept(row.Referenced, row.WithinGrace);
    }

    private sealed record PhaseOne(List<(Digest Digest, long Size)> Removed, long Manifests, GcKept Kept);

    /// <summary>A row of <see cref="GcSql.DeleteIfUnprotected"/>.</summary>
    internal sealed record DeletedBlob(string Digest, long Size);

    /// <summary>The row of <see cref="GcSql.KeptByReason"/>.</summary>
    internal sealed record KeptRow(long Referenced, long WithinGrace);
}
