namespace Mcr.Infrastructure.Audit;

/// <summary>One audit record (SPEC §12). Never put a password or token in any field.</summary>
public sealed record AuditEvent(
    DateTimeOffset Time,
    string EventType,
    string? ActorId = null,
    string? Repository = null,
    string? Digest = null,
    string? ClientIp = null,
    IReadOnlyDictionary<string, string>? Details = null);
