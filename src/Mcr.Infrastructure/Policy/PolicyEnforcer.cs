using System.Globalization;
using Mcr.Core.Identity;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Audit;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Policy;

/// <summary>
/// Asks the policy engine and, when it denies, logs the denial and records the <c>policy_deny</c> audit
/// event: the one path every denial takes, whether it came through <c>/v2</c> or the admin API. Each
/// transport only turns the returned message into its own error (OCI <c>DENIED</c>, admin 403).
/// </summary>
public sealed class PolicyEnforcer(IPolicyEngine policy, IAuditSink audit, TimeProvider time, ILogger<PolicyEnforcer> logger)
{
    /// <returns>Null when allowed; else what to tell the caller ("push on 'team/app' is not allowed").</returns>
    public string? Deny(Principal principal, string action, string repository, string? clientIp)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var decision = policy.Evaluate(PolicyInput.For(principal, action, repository));
        if (decision.Allowed)
        {
            return null;
        }
        PolicyLog.Denied(logger, action, repository, principal.Subject);
        audit.Record(new AuditEvent(time.GetUtcNow(), AuditEventTypes.PolicyDeny, principal.Subject, repository.Length > 0 ? repository : null,
            ClientIp: clientIp,
            Details: new Dictionary<string, string>
            {
                ["action"] = action,
                ["rule_id"] = decision.Rule?.Id.ToString(CultureInfo.InvariantCulture) ?? "default",
            }));
        return repository.Length > 0 ? $"{action} on '{repository}' is not allowed" : $"{action} is not allowed";
    }
}
