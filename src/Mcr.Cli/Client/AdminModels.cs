namespace Mcr.Cli.Client;

/// <summary><c>GET /v1/health</c>: <c>ok</c> or <c>unavailable</c>, with each dependency's state.</summary>
public sealed record Health(string Status, IReadOnlyDictionary<string, string> Checks);

/// <summary><c>POST /v1/auth/login</c>.</summary>
public sealed record LoginToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>An audit event (<c>GET /v1/audit</c>).</summary>
public sealed record AuditEvent(
    long Id,
    DateTimeOffset Time,
    string EventType,
    string? ActorId,
    string? Repository,
    string? Digest,
    string? ClientIp,
    IReadOnlyDictionary<string, string> Details);

/// <summary>One page of events, newest first.</summary>
public sealed record AuditEventList(IReadOnlyList<AuditEvent> Events, long Total, int N, int Offset);

/// <summary>The filters of <c>GET /v1/audit</c>; null is "any".</summary>
public sealed record AuditFilter(
    string? EventType, string? ActorId, string? Repository, DateTimeOffset? Since, DateTimeOffset? Until, int N, int Offset);

/// <summary><c>202</c> of <c>POST /v1/gc</c> and <c>/v1/gc/reconcile</c>.</summary>
public sealed record GcStarted(string Id);

public sealed record GcKept(long Referenced, long WithinGrace);

/// <summary>
/// One GC run; <c>completed_at</c> and <c>duration_ms</c> are null while it runs, <c>error</c> unless it failed,
/// <c>kept</c> unless a collection completed.
/// </summary>
public sealed record GcRun(
    string Id,
    string Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    long? DurationMs,
    long BlobsRemoved,
    long BytesFreed,
    long FilesRemoved,
    long ManifestsRemoved,
    long UploadsRemoved,
    GcKept? Kept,
    string? Error);

/// <summary><c>GET /v1/gc/status</c>.</summary>
public sealed record GcStatus(bool Running, GcRun? Current, GcRun? LastRun);

/// <summary><c>POST /v1/snapshot</c>.</summary>
public sealed record SnapshotInfo(string Path, long Size, DateTimeOffset CreatedAt);
