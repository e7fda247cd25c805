namespace Mcr.Infrastructure.Audit;

/// <summary>A stored audit event and its row id.</summary>
public sealed record AuditEntry(long Id, AuditEvent Event);

/// <summary>
/// One page of audit entries, newest first, and <see cref="Total"/>: how many entries match the
/// filters in all (so a UI can show "page 3 of 12"; more pages exist while offset + items &lt; total).
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long Total);
