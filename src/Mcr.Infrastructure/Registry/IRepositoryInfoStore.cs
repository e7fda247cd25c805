namespace Mcr.Infrastructure.Registry;

/// <summary>
/// Read-only repository metadata for the admin API (counts, sizes, tags and manifests). Names are not
/// validated here: an unknown or invalid name simply finds nothing.
/// </summary>
public interface IRepositoryInfoStore
{
    /// <summary>Upper bound of the tags and manifests listed by <see cref="GetDetailAsync"/>.</summary>
    const int MaxDetailItems = 1000;

    /// <summary>The summaries of the named repositories that exist, in byte-wise name order.</summary>
    Task<IReadOnlyList<RepositorySummary>> GetSummariesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default);

    /// <summary>The repository's detail, or null if it does not exist. Reads one consistent snapshot.</summary>
    Task<RepositoryDetail?> GetDetailAsync(string name, CancellationToken cancellationToken = default);
}
