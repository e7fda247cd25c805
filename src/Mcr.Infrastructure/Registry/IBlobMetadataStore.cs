using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Registry;

/// <summary>A blob row: one per digest, whatever the number of repositories using it.</summary>
public sealed record BlobRecord(Digest Digest, long Size, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt);

/// <summary>Outcome of a blob DELETE in one repository.</summary>
public enum BlobUnlinkResult
{
    /// <summary>The upload/mount link was removed; the blob is no longer readable from the repository.</summary>
    Unlinked,

    /// <summary>
    /// A manifest of the repository still references the blob, so it stays readable there (its link, if
    /// any, was removed). It becomes unreadable once those manifests are deleted.
    /// </summary>
    StillReferenced,

    /// <summary>The blob was not readable from the repository (or the repository does not exist).</summary>
    NotFound,
}

/// <summary>
/// Blob metadata and which repositories may read which blob (the files are in the blob store).
/// A blob is readable from repository R iff a <c>repository_blobs</c> link (upload or mount into R) or a
/// manifest of R references it; knowing a digest never grants access. <c>last_seen_at</c> is the GC
/// grace clock: every operation through which a client learns a blob exists MUST renew it
/// (upload commit and mount do so here; blob HEAD/GET call <see cref="TouchAsync"/>).
/// </summary>
public interface IBlobMetadataStore
{
    /// <summary>The blob row, or null if no such blob is registered.</summary>
    Task<BlobRecord?> GetBlobAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// After an upload was committed to the blob store, in one transaction: upserts the blob row (renewing
    /// <c>last_seen_at</c>), creates the repository if missing and links the blob into it.
    /// An existing row keeps its size (same digest, same content).
    /// </summary>
    Task<BlobRecord> RegisterUploadedBlobAsync(string repository, Digest digest, long size, CancellationToken cancellationToken = default);

    /// <summary>The blob's size if it is readable from <paramref name="repository"/>, else null. One indexed query, no writes.</summary>
    Task<long?> CanReadAsync(string repository, Digest digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renews the blob's <c>last_seen_at</c>. Skips the write (returns false) when it was renewed less than
    /// <see cref="BlobMetadataStore.TouchInterval"/> ago, the blob is unknown or the grace period is zero, so
    /// hot reads rarely write.
    /// </summary>
    Task<bool> TouchAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cross-repository mount: if the blob is readable from <paramref name="fromRepository"/>, links it into
    /// <paramref name="toRepository"/> (created if missing), renews <c>last_seen_at</c> and returns its size;
    /// otherwise changes nothing and returns null. Whether the caller may pull from the source is the
    /// caller's check.
    /// </summary>
    Task<long?> MountAsync(string fromRepository, string toRepository, Digest digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Blob DELETE: removes the repository's upload/mount link. Manifests are never changed, so a blob a
    /// manifest of the repository references stays readable (<see cref="BlobUnlinkResult.StillReferenced"/>);
    /// clients (and the OCI conformance suite) delete manifests before their blobs. The blob row and file
    /// stay until GC finds them unreferenced.
    /// </summary>
    Task<BlobUnlinkResult> UnlinkAsync(string repository, Digest digest, CancellationToken cancellationToken = default);
}
