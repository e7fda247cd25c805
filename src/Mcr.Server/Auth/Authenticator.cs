using Mcr.Infrastructure.Identity;

namespace Mcr.Server.Auth;

/// <summary>
/// The one place credentials are checked, for the authentication handler, the token endpoint and
/// <c>/v1/auth/login</c>. Basic credentials go through <see cref="CredentialCache"/>, which remembers
/// recent successes briefly (password checks are deliberately slow) and accepts a token as the password.
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
        var result = await credentialCache.AuthenticateAsync(identity, username, password, cancellationToken);
        return result.Credential is { } credential
            ? new AuthOutcome(IdentityStatus.Ok, credential.Principal, credential.Token, credential.ExpiresAt)
            : AuthOutcome.Fail(result.Status, result.Message);
    }

    /// <summary>Revokes <paramref name="token"/> and forgets any cached Basic credentials that map to it.</summary>
    public async Task<IdentityStatus> LogoutAsync(string token, CancellationToken cancellationToken)
    {
        credentialCache.ForgetToken(token);
        return await identity.LogoutAsync(token, cancellationToken);
    }
}
