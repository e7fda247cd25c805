namespace Mcr.Infrastructure.Registry;

/// <summary>
/// Registry-wide figures for the admin API, over every repository (<c>repositories</c> null) or only the named
/// ones (names that do not exist count nothing).
/// </summary>
public interface IRegistryStatsStore
{
    /// <summary>
    /// The counts. Over every repository the blobs are the whole <c>blobs</c> table (those waiting for GC too);
    /// over named ones, the distinct blobs readable from them (referenced by their manifests, uploaded or mounted).
    /// </summary>
    Task<RegistryCounts> CountAsync(IReadOnlyCollection<string>? repositories, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="limit"/> newest manifest pushes, newest first.</summary>
    Task<IReadOnlyList<RecentPush>> ListRecentPushesAsync(IReadOnlyCollection<string>? repositories, int limit, CancellationToken cancellationToken = default);
}
