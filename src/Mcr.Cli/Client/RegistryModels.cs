namespace Mcr.Cli.Client;

// What mcrctl prints with --json, whichever transport fetched it. Property names become the REST API's snake_case
// field names (CliJsonContext), so `mcrctl --json …` and `curl /v1/…` read alike; the gRPC transport maps the proto
// messages (whose field names are the same) into these records. Empty proto strings become null, as REST writes them.

/// <summary>A repository in a listing (<c>GET /v1/repositories</c>).</summary>
public sealed record RepositorySummary(
    string Name, long TagCount, long ManifestCount, long Size, DateTimeOffset CreatedAt, DateTimeOffset? LastPushedAt);

/// <summary>One page of repositories: more follow while <c>offset + count &lt; total</c>.</summary>
public sealed record RepositoryList(IReadOnlyList<RepositorySummary> Repositories, long Total, int N, int Offset);

/// <summary>A tag as the repository detail lists it.</summary>
public sealed record TagRef(string Name, string Digest, DateTimeOffset UpdatedAt);

/// <summary>A manifest's metadata as the repository detail lists it.</summary>
public sealed record ManifestSummary(
    string Digest, string MediaType, long Size, string? ArtifactType, string? SubjectDigest, DateTimeOffset CreatedAt);

/// <summary><c>GET /v1/repositories/{name}</c>: the summary's fields, then its tags and manifests.</summary>
public sealed record RepositoryDetail(
    string Name,
    long TagCount,
    long ManifestCount,
    long Size,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastPushedAt,
    IReadOnlyList<TagRef> Tags,
    IReadOnlyList<ManifestSummary> Manifests);

/// <summary><c>DELETE /v1/repositories/{name}</c>.</summary>
public sealed record RepositoryDeleted(long ManifestsRemoved, long TagsRemoved);

public sealed record Platform(string Os, string Architecture, string? Variant, string? OsVersion);

/// <summary>A tag with what it points at (<c>GET /v1/tags</c>).</summary>
public sealed record TagDetail(
    string Name, string Digest, string MediaType, long Size, IReadOnlyList<Platform> Platforms, DateTimeOffset PushedAt);

public sealed record TagList(IReadOnlyList<TagDetail> Tags, long Total, int N, int Offset);

/// <summary><c>DELETE /v1/tags</c>: the manifest the tag pointed at (it stays, untagged).</summary>
public sealed record TagDeleted(string Digest);

public sealed record RecentPush(
    string Repository, string Digest, IReadOnlyList<string> Tags, string MediaType, DateTimeOffset PushedAt);

/// <summary><c>GET /v1/stats</c>.</summary>
public sealed record RegistryStats(
    long RepositoryCount,
    long ManifestCount,
    long TagCount,
    long BlobCount,
    long StoredBytes,
    long RepositoryBytes,
    IReadOnlyList<RecentPush> RecentPushes);
