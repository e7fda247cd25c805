using Mcr.Infrastructure.Registry;

namespace Mcr.Infrastructure.Admin;

/// <summary>What the registry holds, as one caller may see it (REST <c>GET /v1/stats</c>, gRPC <c>GetStats</c>).</summary>
/// <param name="StoredBytes">Each blob counted once: for an admin what the blob storage holds (blobs waiting for GC
/// too); for others the blobs of the repositories they may pull.</param>
/// <param name="RepositoryBytes">The sum of the repositories' sizes (a blob shared by two repositories counts twice).</param>
/// <param name="RecentPushes">The newest manifest pushes in repositories the caller may pull, newest first.</param>
public sealed record RegistryStats(
    long RepositoryCount,
    long ManifestCount,
    long TagCount,
    long BlobCount,
    long StoredBytes,
    long RepositoryBytes,
    IReadOnlyList<RecentPush> RecentPushes);

/// <summary>
/// Registry figures for any authenticated caller. An admin's counts cover the whole registry; anyone else's cover
/// only the repositories the policy lets them pull (<see cref="RepositoryVisibility"/>), so the figures reveal
/// nothing about repositories hidden from them. The recent pushes are always from pullable repositories only.
/// </summary>
public sealed class StatsAdminService(RepositoryVisibility visibility, IRegistryStatsStore stats)
{
    /// <summary>How many recent pushes are listed.</summary>
    public const int RecentPushCount = 10;

    public async Task<AdminResult<RegistryStats>> GetAsync(AdminCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var visible = new List<string>();
        await foreach (var name in visibility.PullableAsync(caller.Principal, cancellationToken))
        {
            visible.Add(name);
        }
        var counts = await stats.CountAsync(caller.Principal.IsAdmin ? null : visible, cancellationToken);
        var recent = await stats.ListRecentPushesAsync(visible, RecentPushCount, cancellationToken);
        return AdminResult.Ok(new RegistryStats(
            counts.RepositoryCount, counts.ManifestCount, counts.TagCount, counts.BlobCount, counts.StoredBytes, counts.RepositoryBytes, recent));
    }
}
