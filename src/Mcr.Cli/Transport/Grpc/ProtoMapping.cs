using Google.Protobuf.WellKnownTypes;
using Mcr.Cli.Client;
using V1 = Mcr.Protocol.V1;

namespace Mcr.Cli.Transport.Grpc;

/// <summary>
/// Proto messages → the records <c>--json</c> prints. Proto3 has no null string, so <c>""</c> becomes null where REST
/// writes null; an absent message field (a Timestamp, GcKept, GcRun) becomes null.
/// </summary>
internal static class ProtoMapping
{
    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static DateTimeOffset Time(Timestamp? value) => value?.ToDateTimeOffset() ?? DateTimeOffset.MinValue;

    public static DateTimeOffset? OptionalTime(Timestamp? value) => value?.ToDateTimeOffset();

    public static Timestamp? ToTimestamp(DateTimeOffset? value) => value is { } time ? Timestamp.FromDateTimeOffset(time) : null;

    public static RepositorySummary Summary(V1.RepositorySummary s) =>
        new(s.Name, s.TagCount, s.ManifestCount, s.Size, Time(s.CreatedAt), OptionalTime(s.LastPushedAt));

    public static RepositoryDetail Detail(V1.Repository r)
    {
        var s = r.Summary ?? new V1.RepositorySummary();
        return new RepositoryDetail(
            s.Name, s.TagCount, s.ManifestCount, s.Size, Time(s.CreatedAt), OptionalTime(s.LastPushedAt),
            [.. r.Tags.Select(t => new TagRef(t.Name, t.Digest, Time(t.UpdatedAt)))],
            [.. r.Manifests.Select(m => new ManifestSummary(
                m.Digest, m.MediaType, m.Size, NullIfEmpty(m.ArtifactType), NullIfEmpty(m.SubjectDigest), Time(m.CreatedAt)))]);
    }

    public static TagDetail Tag(V1.Tag t) =>
        new(t.Name, t.Digest, t.MediaType, t.Size, [.. t.Platforms.Select(Platform)], Time(t.PushedAt));

    public static Platform Platform(V1.Platform p) =>
        new(p.Os, p.Architecture, NullIfEmpty(p.Variant), NullIfEmpty(p.OsVersion));

    public static RegistryStats Stats(V1.RegistryStats s) => new(
        s.RepositoryCount, s.ManifestCount, s.TagCount, s.BlobCount, s.StoredBytes, s.RepositoryBytes,
        [.. s.RecentPushes.Select(p => new RecentPush(p.Repository, p.Digest, [.. p.Tags], p.MediaType, Time(p.PushedAt)))]);

    public static PolicyRule Rule(V1.PolicyRule r) => new(
        r.Id, r.Priority, r.Description, r.Effect, r.Enabled, [.. r.Roles], [.. r.AccountTypes], NullIfEmpty(r.SubjectUuid),
        [.. r.Actions], [.. r.Repositories], NullIfEmpty(r.CreatedBy), Time(r.CreatedAt), Time(r.UpdatedAt));

    /// <summary>Only the fields the input sets: an absent proto field leaves the rule's field as it is.</summary>
    public static V1.PolicyRuleInput RuleInput(PolicyRuleInput input)
    {
        var proto = new V1.PolicyRuleInput
        {
            Roles = List(input.Roles),
            AccountTypes = List(input.AccountTypes),
            Actions = List(input.Actions),
            Repositories = List(input.Repositories),
        };
        if (input.Priority is { } priority)
        {
            proto.Priority = priority;
        }
        if (input.Description is { } description)
        {
            proto.Description = description;
        }
        if (input.Effect is { } effect)
        {
            proto.Effect = effect;
        }
        if (input.Enabled is { } enabled)
        {
            proto.Enabled = enabled;
        }
        if (input.SubjectUuid is { } subject)
        {
            proto.SubjectUuid = subject;
        }
        return proto;
    }

    public static AuditEvent Event(V1.AuditEvent e) => new(
        e.Id, Time(e.Time), e.EventType, NullIfEmpty(e.ActorId), NullIfEmpty(e.Repository), NullIfEmpty(e.Digest),
        NullIfEmpty(e.ClientIp), new Dictionary<string, string>(e.Details));

    public static GcRun? Run(V1.GcRun? r) => r is null ? null : new GcRun(
        r.Id, r.Kind, Time(r.StartedAt), OptionalTime(r.CompletedAt), r.HasDurationMs ? r.DurationMs : null,
        r.BlobsRemoved, r.BytesFreed, r.FilesRemoved, r.ManifestsRemoved, r.UploadsRemoved,
        r.Kept is { } kept ? new GcKept(kept.Referenced, kept.WithinGrace) : null,
        r.HasError ? r.Error : null);

    public static Account Account(V1.Account a) => new(
        a.Id, a.Username, a.Type, [.. a.Roles], a.Disabled, a.HasPassword, Time(a.CreatedAt), Time(a.UpdatedAt));

    public static V1.PageRequest Page(int n, int offset) => new() { N = n, Offset = offset };

    private static V1.StringList? List(IReadOnlyList<string>? values) =>
        values is null ? null : new V1.StringList { Values = { values } };
}
