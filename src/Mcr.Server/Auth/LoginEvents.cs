using Mcr.Core.Identity;
using Mcr.Infrastructure.Audit;

namespace Mcr.Server.Auth;

/// <summary>
/// Records the outcome of a password login (<c>/v2/token</c>, <c>/v1/auth/login</c>): a log line for a
/// failure and the <c>login_ok</c> / <c>login_failed</c> audit events. Never the password or the token.
/// </summary>
public sealed class LoginEvents(IAuditSink audit, TimeProvider clock, ILogger<LoginEvents> logger)
{
    private const int MaxLoggedUsernameLength = 64;

    public void Failed(HttpContext context, string username, AuthOutcome outcome)
    {
        // The username is the client's text: bounded, so a failed login cannot flood the log.
        var shown = username.Length <= MaxLoggedUsernameLength ? username : username[..MaxLoggedUsernameLength] + "…";
        var clientIp = context.ClientIp();
        Log.LoginFailed(logger, shown, clientIp);
        audit.Record(new AuditEvent(clock.GetUtcNow(), AuditEventTypes.LoginFailed, ClientIp: clientIp,
            Details: new Dictionary<string, string> { ["username"] = shown, ["reason"] = outcome.Status.ToString() }));
    }

    /// <param name="via">Which endpoint: <c>token_endpoint</c> or <c>v1_login</c>.</param>
    public void Succeeded(HttpContext context, Principal principal, string via) =>
        audit.Record(new AuditEvent(clock.GetUtcNow(), AuditEventTypes.LoginOk, principal.Subject, ClientIp: context.ClientIp(),
            Details: new Dictionary<string, string> { ["username"] = principal.Username, ["via"] = via }));
}
