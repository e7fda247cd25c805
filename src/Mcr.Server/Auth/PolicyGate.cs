using Mcr.Core.Errors;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Policy;
using Mcr.Server.Errors;

namespace Mcr.Server.Auth;

/// <summary>
/// The <c>/v2</c> face of <see cref="PolicyEnforcer"/>: a denial (already logged and audited there) becomes
/// OCI <c>DENIED</c> (403).
/// </summary>
public sealed class PolicyGate(PolicyEnforcer enforcer)
{
    /// <summary>Returns null when allowed, else the DENIED result to send.</summary>
    public OciErrorResult? Check(HttpContext http, Principal principal, string action, string repository = "") =>
        enforcer.Deny(principal, action, repository, http.ClientIp()) is { } denied
            ? OciResults.Error(OciErrorCode.Denied, denied)
            : null;
}
