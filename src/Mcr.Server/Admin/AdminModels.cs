using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Policy;
using Mcr.Infrastructure.Registry;

namespace Mcr.Server.Admin;

// The JSON bodies of the admin API (snake_case through AdminJsonContext). Lists carry total, n and offset so a
// client can page: more entries follow while offset + count < total.

public sealed record RepositoryListResponse(IReadOnlyList<RepositorySummary> Repositories, long Total, int N, int Offset);

public sealed record RepositoryDetailResponse(
    string Name,
    long TagCount,
    long ManifestCount,
    long Size,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastPushedAt,
    IReadOnlyList<TagInfo> Tags,
    IReadOnlyList<ManifestInfo> Manifests)
{
    public static RepositoryDetailResponse From(RepositoryDetail detail) => new(
        detail.Summary.Name, detail.Summary.TagCount, detail.Summary.ManifestCount, detail.Summary.Size, detail.Summary.CreatedAt,
        detail.Summary.LastPushedAt, detail.Tags, detail.Manifests);
}

public sealed record RepositoryDeleteResponse(long ManifestsRemoved, long TagsRemoved)
{
    public static RepositoryDeleteResponse From(RepositoryDeleteSummary summary) => new(summary.ManifestsRemoved, summary.TagsRemoved);
}

public sealed record TagListResponse(IReadOnlyList<TagDetail> Tags, long Total, int N, int Offset);

public sealed record PolicyRuleResponse(
    long Id,
    int Priority,
    string Description,
    string Effect,
    bool Enabled,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> AccountTypes,
    string? SubjectUuid,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Repositories,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static PolicyRuleResponse From(StoredPolicyRule stored) => new(
        stored.Rule.Id, stored.Rule.Priority, stored.Rule.Description, Core.Policy.PolicyEffects.Name(stored.Rule.Effect), stored.Enabled,
        stored.Rule.Roles, stored.Rule.AccountTypes, stored.Rule.SubjectUuid, stored.Rule.Actions, stored.Rule.Repositories,
        stored.CreatedBy, stored.CreatedAt, stored.UpdatedAt);
}

public sealed record PolicyRuleListResponse(IReadOnlyList<PolicyRuleResponse> Rules, long Total, int N, int Offset);

public sealed record AuditEventResponse(
    long Id,
    DateTimeOffset Time,
    string EventType,
    string? ActorId,
    string? Repository,
    string? Digest,
    string? ClientIp,
    IReadOnlyDictionary<string, string>? Details)
{
    public static AuditEventResponse From(AuditEntry entry) => new(
        entry.Id, entry.Event.Time, entry.Event.EventType, entry.Event.ActorId, entry.Event.Repository, entry.Event.Digest,
        entry.Event.ClientIp, entry.Event.Details);
}

public sealed record AuditListResponse(IReadOnlyList<AuditEventResponse> Events, long Total, int N, int Offset);

public sealed record SnapshotResponse(string Path, long Size, DateTimeOffset CreatedAt)
{
    public static SnapshotResponse From(SnapshotInfo info) => new(info.Path, info.Size, info.CreatedAt);
}
