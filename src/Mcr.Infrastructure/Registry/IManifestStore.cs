using Mcr.Core.Digests;
using Mcr.Core.Manifests;

namespace Mcr.Infrastructure.Registry;

/// <summary>
/// Manifests, tags and referrers of repositories. Manifests are stored byte-for-byte and served with the
/// media type they were pushed with. Repository names and tags MUST already be valid: write methods throw
/// <see cref="ArgumentException"/> otherwise; read methods just find nothing.
/// </summary>
public interface IManifestStore
{
    /// <summary>
    /// Stores a manifest and points <paramref name="tags"/> at it, in ONE write transaction: creates the
    /// repository if needed; MUST fail with <see cref="ManifestPushResult.MissingBlob"/> if a required blob
    /// is not readable in the repository and with <see cref="ManifestPushResult.MissingManifest"/> if a child
    /// is not a manifest of the repository, writing nothing in either case; renews the blobs' GC clock; moves
    /// existing tags atomically. Pushing an existing digest again is idempotent.
    /// </summary>
    Task<ManifestPushResult> PushAsync(string repository, ManifestRecord manifest, IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default);

    /// <summary>The manifest with this digest in the repository, or null. One query.</summary>
    Task<StoredManifest?> GetAsync(string repository, Digest digest, CancellationToken cancellationToken = default);

    /// <summary>The manifest the tag points at, or null. One query.</summary>
    Task<StoredManifest?> GetByTagAsync(string repository, string tag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the manifest and, by cascade, its tags and reference rows (never blob rows). Index children
    /// are not deleted; an index whose child was deleted keeps listing it.
    /// </summary>
    Task<DeleteResult> DeleteAsync(string repository, Digest digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a tag (the manifest stays, reachable by digest) and returns the digest it pointed at; null when the
    /// repository has no such tag.
    /// </summary>
    Task<Digest?> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="n"/> tags in byte-wise (ASCIIbetical) order, strictly after <paramref name="last"/>;
    /// null if the repository does not exist. <c>n = 0</c> gives an empty page without more. Callers MUST cap n.
    /// </summary>
    Task<ListPage<string>?> ListTagsAsync(string repository, int n, string? last, CancellationToken cancellationToken = default);

    /// <summary>
    /// Manifests of the repository whose subject is <paramref name="subject"/>, oldest push first, optionally only
    /// those whose artifact type equals <paramref name="artifactType"/>. Empty (never null) when there are none
    /// or the repository does not exist.
    /// </summary>
    Task<IReadOnlyList<ReferrerDescriptor>> ListReferrersAsync(string repository, Digest subject, string? artifactType, CancellationToken cancellationToken = default);
}
