namespace Mcr.Infrastructure.Gc;

/// <summary>The two kinds of run: garbage collection proper, and reconcile (crash recovery).</summary>
public enum GcRunKind
{
    /// <summary>Two-phase collection of unreferenced blobs (optionally deleting untagged manifests first).</summary>
    Collect,

    /// <summary>Removes blob files without a row and stale upload temp files and rows.</summary>
    Reconcile,
}

/// <summary>
/// Why a collection kept the blobs it did not remove, each blob counted once: <see cref="Referenced"/> by a
/// manifest of some repository, else <see cref="WithinGrace"/> (seen by a client, uploaded or mounted within
/// the grace period, so a push in progress keeps it).
/// </summary>
public sealed record GcKept(long Referenced, long WithinGrace)
{
    public static readonly GcKept None = new(0, 0);
}

/// <summary>
/// What one run did. For <see cref="GcRunKind.Collect"/>: <see cref="BlobsRemoved"/> blob rows deleted,
/// <see cref="FilesRemoved"/> of their files deleted, in delete-untagged mode the manifests removed, and
/// <see cref="Kept"/> why the other blobs stayed. For <see cref="GcRunKind.Reconcile"/>: <see cref="FilesRemoved"/>
/// orphan blob files plus upload temp files, <see cref="UploadsRemoved"/> stale upload sessions.
/// <see cref="BytesFreed"/> counts the bytes of the files actually deleted.
/// </summary>
public sealed record GcReport(
    GcRunKind Kind,
    long BlobsRemoved,
    long BytesFreed,
    long FilesRemoved,
    long ManifestsRemoved,
    long UploadsRemoved,
    GcKept Kept,
    TimeSpan Duration);

/// <summary>Outcome of asking the engine for a run.</summary>
public abstract record GcOutcome
{
    private GcOutcome()
    {
    }

    /// <summary>The run finished.</summary>
    public sealed record Completed(GcReport Report) : GcOutcome;

    /// <summary>Another run holds the GC lock; nothing was done.</summary>
    public sealed record Busy : GcOutcome
    {
        public static readonly Busy Instance = new();
    }
}
