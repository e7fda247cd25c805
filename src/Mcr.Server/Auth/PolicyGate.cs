using System.Globalization;
using Mcr.Core.Errors;
using Mcr.Core.Identity;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Policy;
using Mcr.Server.Errors;

namespace Mcr.Server.Auth;

/// <summary>
/// Asks the policy engine whether a caller may perform an action; a denial is logged, audited
/// (<c>policy_deny</c>) and returned as OCI <c>DENIED</c> (403).
/// </summary>
public sealed class PolicyGate(IPolicyEngine policy, IAuditSink audit, TimeProvider clock, ILogger<PolicyGate> logger)
{
    /// <summary>Returns null when allowed, else the DENIED result to send.</summary>
    public OciErrorResult? Check(HttpContext http, Principal principal, string action, string repository = "")
    {
        var decision = policy.Evaluate(PolicyInput.For(principal, action, repository));
        if (decision.Allowed)
        {
            return null;
        }
        Log.PolicyDenied(logger, action, repository, principal.Subject);
        audit.Record(new AuditEvent(clock.GetUtcNow(), AuditEventTypes.PolicyDeny, principal.Subject, repository.Length > 0 ? repository : null,
            ClientIp: http.ClientIp(),
            Details: new Dictionary<string, string>
            {
                ["action"] = action,
                ["rule_id"] = decision.Rule?.Id.ToString(CultureInfo.InvariantCulture) ?? "default",
            }));
        var what = repository.Length > 0 ? $"{action} on '{repository}'" : action;
        return OciResults.Error(OciErrorCode.Denied, $"{what} is not allowed");
    }
}
