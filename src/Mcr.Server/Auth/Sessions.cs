namespace Mcr.Server.Auth;

/// <summary>
/// A password login for a session token, as <c>POST /v1/auth/login</c> and the Login RPC do it: the check and
/// its <c>login_ok</c> / <c>login_failed</c> record, in one place.
/// </summary>
public sealed class Sessions(Authenticator authenticator, LoginEvents logins)
{
    /// <param name="via">Which interface: <c>v1_login</c> or <c>grpc_login</c> (the audit detail).</param>
    public async Task<AuthOutcome> LoginAsync(HttpContext context, string username, string password, string via, CancellationToken cancellationToken)
    {
        var outcome = await authenticator.AuthenticatePasswordAsync(username, password, cancellationToken);
        if (outcome.Succeeded)
        {
            logins.Succeeded(context, outcome.Principal!, via);
        }
        else
        {
            logins.Failed(context, username, outcome);
        }
        return outcome;
    }
}
