using Mcr.Infrastructure.Identity;

namespace Mcr.Server.Auth;

/// <summary>
/// The one place credentials are checked, for the authentication handler, the token endpoint and
/// <c>/v1/auth/login</c>. Password checks are deliberately slow (KDF), so successful Basic
/// credentials are cached briefly (<see cref="CredentialCache"/>), keyed by a salted hash.
/// </summary>
public sealed class Authenticator(IIdentityProvider identity, CredentialCache credentialCache)
{
    /// <summary>Checks a bearer token.</summary>
    public async Task<AuthOutcome> AuthenticateTokenAsync(string token, CancellationToken cancellationToken)
    {
        var validation = await identity.ValidateAsync(token, cancellationToken);
        return validation.Status == IdentityStatus.Ok && validation.Principal is { } principal
            ? new AuthOutcome(IdentityStatus.Ok, principal, token, principal.ExpiresAt)
            : AuthOutcome.Fail(validation.Status, validation.Message);
    }

    /// <summary>
    /// Checks a username and password. The password may also be an existing token (the personal
    /// access token pattern used by CI and system accounts); then that token is returned as is.
    /// </summary>
    public async Task<AuthOutcome> AuthenticatePasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        if (credentialCache.TryGet(username, password) is { } cached)
        {
            return cached;
        }

        // A password shaped like a JWT is tried as a token first: that skips a slow KDF run.
        var looksLikeToken = password.Count(c => c == '.') == 2;
        if (looksLikeToken)
        {
            var asToken = await AuthenticateTokenAsync(password, cancellationToken);
            if (asToken.Succeeded || asToken.Status == IdentityStatus.Unavailable)
            {
                return Remember(username, password, asToken);
            }
        }

        var login = await identity.LoginAsync(username, password, cancellationToken);
        if (login.Status != IdentityStatus.Ok || login.Token is null)
        {
            if (login.Status == IdentityStatus.InvalidCredentials && !looksLikeToken)
            {
                var asToken = await AuthenticateTokenAsync(password, cancellationToken);
                if (asToken.Succeeded)
                {
                    return Remember(username, password, asToken);
                }
            }
            return AuthOutcome.Fail(login.Status, login.Message);
        }

        var issued = await AuthenticateTokenAsync(login.Token, cancellationToken);
        return Remember(username, password, issued with { ExpiresAt = login.ExpiresAt });
    }

    public Task LogoutAsync(string token, CancellationToken cancellationToken) => identity.LogoutAsync(token, cancellationToken);

    private AuthOutcome Remember(string username, string password, AuthOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            credentialCache.Set(username, password, outcome);
        }
        return outcome;
    }
}
