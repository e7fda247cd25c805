namespace Mcr.Infrastructure.Registry;

/// <summary>
/// What a set of repositories holds. <see cref="StoredBytes"/> counts each blob once (what the disk holds);
/// <see cref="RepositoryBytes"/> is the sum of the repositories' sizes (a blob shared by two counts twice).
/// </summary>
public sealed record RegistryCounts(long RepositoryCount, long ManifestCount, long TagCount, long BlobCount, long StoredBytes, long RepositoryBytes);

/// <summary>A manifest push: where, what, the tags pointing at it now, and when.</summary>
public sealed record RecentPush(string Repository, string Digest, IReadOnlyList<string> Tags, string MediaType, DateTimeOffset PushedAt);
