namespace Mcr.Infrastructure.Gc;

/// <summary>
/// One run as kept in <c>gc_runs</c>: <see cref="CompletedAt"/> is null while it runs (or if the process
/// died during it); <see cref="Error"/> is set when it failed. Counts are those of <see cref="GcReport"/>;
/// <see cref="Kept"/> is null for reconcile runs and runs that failed.
/// </summary>
public sealed record GcRunRecord(
    string Id,
    GcRunKind Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt = null,
    long BlobsRemoved = 0,
    long BytesFreed = 0,
    long FilesRemoved = 0,
    string? Error = null,
    long ManifestsRemoved = 0,
    long UploadsRemoved = 0,
    GcKept? Kept = null)
{
    public bool Succeeded => CompletedAt is not null && Error is null;

    /// <summary>Wall-clock duration once completed.</summary>
    public TimeSpan? Duration => CompletedAt - StartedAt;

    /// <summary>The text stored in <c>gc_runs.kind</c>.</summary>
    public static string KindName(GcRunKind kind) => kind == GcRunKind.Reconcile ? "reconcile" : "gc";

    public static GcRunKind ParseKind(string name) => name == "reconcile" ? GcRunKind.Reconcile : GcRunKind.Collect;
}
