using System.Globalization;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Database;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Admin;

/// <summary>A database snapshot that was written.</summary>
public sealed record SnapshotInfo(string Path, long Size, DateTimeOffset CreatedAt);

/// <summary>
/// Consistent copies of the database (<c>VACUUM INTO</c>) into the snapshot directory
/// (<c>&lt;data&gt;/snapshots</c>, as <c>mcrsrv snapshot</c>), named <c>mcr-&lt;UTC time&gt;.db</c>. The caller never
/// chooses the path, so the API cannot be used to write files elsewhere. One snapshot at a time: a second
/// request while one runs is <see cref="AdminStatus.Conflict"/>. Blob files are not part of a snapshot.
/// </summary>
/// <remarks>
/// Restore (documented in the README): stop the server, copy the snapshot over the database path, delete the
/// <c>-wal</c> and <c>-shm</c> files next to it, start the server. Blobs pushed after the snapshot stay on disk
/// without rows until GC reconcile removes them.
/// </remarks>
public sealed class SnapshotService
{
    private readonly SqliteDatabase _database;
    private readonly AuditQueue? _queue;
    private readonly IAuditSink _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<SnapshotService> _logger;
    private int _running;

    public SnapshotService(SqliteDatabase database, string directory, IAuditSink audit, TimeProvider time, ILogger<SnapshotService> logger, AuditQueue? queue = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _database = database;
        Directory = System.IO.Path.GetFullPath(directory);
        _audit = audit;
        _time = time;
        _logger = logger;
        _queue = queue;
    }

    /// <summary>Where snapshots are written.</summary>
    public string Directory { get; }

    /// <summary>Writes a snapshot and records <c>snapshot_created</c>.</summary>
    public async Task<AdminResult<SnapshotInfo>> CreateAsync(AdminCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return AdminError.Conflict("a snapshot is already being written");
        }
        try
        {
            await FlushAuditAsync(cancellationToken);
            var now = _time.GetUtcNow();
            var path = FreePath(now);
            // VACUUM INTO is synchronous and may take a while on a large database: keep it off the request thread.
            await Task.Run(() => _database.SnapshotTo(path), CancellationToken.None);
            var info = new SnapshotInfo(path, new FileInfo(path).Length, now);
            _audit.Record(new AuditEvent(now, AuditEventTypes.SnapshotCreated, caller.ActorId, ClientIp: caller.ClientIp,
                Details: new Dictionary<string, string>
                {
                    ["path"] = path,
                    ["size"] = info.Size.ToString(CultureInfo.InvariantCulture),
                }));
            AdminLog.SnapshotWritten(_logger, path, info.Size);
            return AdminResult.Ok(info);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            AdminLog.SnapshotFailed(_logger, e);
            return AdminError.Failed("snapshot failed: " + e.Message);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// Writes queued audit events first so the snapshot holds everything that happened before it; bounded so a
    /// stopped writer loop cannot hold the snapshot back.
    /// </summary>
    private async Task FlushAuditAsync(CancellationToken cancellationToken)
    {
        if (_queue is null)
        {
            return;
        }
        try
        {
            await _queue.FlushAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (TimeoutException)
        {
            // the snapshot is still consistent; it just misses the newest audit events
        }
    }

    /// <summary><c>mcr-&lt;time&gt;.db</c>, with a counter when a snapshot of the same millisecond exists.</summary>
    private string FreePath(DateTimeOffset now)
    {
        var stem = "mcr-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
        var path = System.IO.Path.Combine(Directory, stem + ".db");
        for (var i = 2; File.Exists(path); i++)
        {
            path = System.IO.Path.Combine(Directory, $"{stem}-{i.ToString(CultureInfo.InvariantCulture)}.db");
        }
        return path;
    }
}
