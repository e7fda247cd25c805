using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Gc;

/// <summary>Log messages of garbage collection; event ids 9000–9099 (SPEC §9).</summary>
internal static partial class GcLog
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Information,
        Message = "GC removed {Blobs} blobs ({Bytes} bytes) and {Manifests} untagged manifests in {Milliseconds} ms; kept {Referenced} referenced by a manifest, {WithinGrace} within the grace period")]
    public static partial void Collected(ILogger logger, long blobs, long bytes, long manifests, long referenced, long withinGrace, double milliseconds);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "GC could not delete the file of blob {Digest}; reconcile will retry")]
    public static partial void FileDeleteFailed(ILogger logger, string digest, Exception exception);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information,
        Message = "Reconcile removed {Files} files ({Bytes} bytes) and {Uploads} stale uploads in {Milliseconds} ms")]
    public static partial void Reconciled(ILogger logger, long files, long bytes, long uploads, double milliseconds);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Reconcile could not delete {What}")]
    public static partial void ReconcileDeleteFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "GC run {RunId} ({Kind}) started")]
    public static partial void RunStarted(ILogger logger, string runId, string kind);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Error, Message = "GC run {RunId} ({Kind}) failed")]
    public static partial void RunFailed(ILogger logger, string runId, string kind, Exception exception);
}
