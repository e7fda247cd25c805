using Mcr.Infrastructure.Audit;

namespace Mcr.Infrastructure.Admin;

/// <summary>Reading the audit log (SPEC §10 <c>GET /v1/audit</c>, §12), shared by REST and gRPC.</summary>
public sealed class AuditAdminService(AuditStore store)
{
    /// <summary>Matching events newest first, and how many match in all. An invalid query is <see cref="AdminStatus.Invalid"/>.</summary>
    public async Task<AdminResult<AuditPage>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = query.Validate();
        if (errors.Count > 0)
        {
            return AdminError.Invalid(string.Join("; ", errors));
        }
        return AdminResult.Ok(await store.ListAsync(query, cancellationToken));
    }
}
