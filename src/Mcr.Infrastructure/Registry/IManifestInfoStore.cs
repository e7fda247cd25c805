using Mcr.Core.Names;

namespace Mcr.Infrastructure.Registry;

/// <summary>
/// Read-only tag and manifest metadata for the admin API (sizes, platforms, the tags of a manifest). Names are not
/// validated here: an unknown or invalid name simply finds nothing.
/// </summary>
public interface IManifestInfoStore
{
    /// <summary>Upper bound of the tags listed for one manifest by <see cref="GetAsync"/>.</summary>
    const int MaxTagsPerManifest = 1000;

    /// <summary>
    /// Up to <paramref name="n"/> tags in byte-wise name order after skipping <paramref name="offset"/>, or null if
    /// the repository does not exist. Reads one consistent snapshot; memory holds one index manifest at a time.
    /// </summary>
    Task<TagDetailPage?> ListTagsAsync(string repository, int n, int offset, CancellationToken cancellationToken = default);

    /// <summary>The manifest a valid tag or digest names in the repository, or null.</summary>
    Task<ManifestEntry?> GetAsync(string repository, ManifestReference reference, CancellationToken cancellationToken = default);
}
