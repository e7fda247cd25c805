namespace Mcr.Infrastructure.Audit;

/// <summary>
/// Where request handlers send audit events. <see cref="Record"/> MUST NOT block on the database:
/// the pull path never waits for an audit write.
/// </summary>
public interface IAuditSink
{
    void Record(AuditEvent auditEvent);
}
