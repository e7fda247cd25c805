namespace Mcr.Infrastructure.Registry;

/// <summary>
/// A repository with its counts. <see cref="Size"/> is the bytes its content takes: the manifests plus every
/// distinct blob its manifests reference (a blob shared with another repository counts in both; blobs only
/// uploaded or mounted, not yet referenced by a manifest, do not count). <see cref="LastPushedAt"/> is the newest
/// manifest's push, null while the repository has none.
/// </summary>
public sealed record RepositorySummary(string Name, long TagCount, long ManifestCount, long Size, DateTimeOffset CreatedAt, DateTimeOffset? LastPushedAt);

/// <summary>One page of repositories in name order, and how many there are in all (of those the caller may see).</summary>
public sealed record RepositorySummaryPage(IReadOnlyList<RepositorySummary> Items, long Total);

/// <summary>A tag and the digest it points at.</summary>
public sealed record TagInfo(string Name, string Digest, DateTimeOffset UpdatedAt);

/// <summary>A manifest's metadata (never its content).</summary>
public sealed record ManifestInfo(string Digest, string MediaType, long Size, string? ArtifactType, string? SubjectDigest, DateTimeOffset CreatedAt);

/// <summary>
/// A repository's detail: its summary, tags (by name) and manifests (newest first). Each list holds at most
/// <see cref="IRepositoryInfoStore.MaxDetailItems"/> entries; compare with the summary's counts to see truncation.
/// </summary>
public sealed record RepositoryDetail(RepositorySummary Summary, IReadOnlyList<TagInfo> Tags, IReadOnlyList<ManifestInfo> Manifests);
