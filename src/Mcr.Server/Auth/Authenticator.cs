using Mcr.Infrastructure.Identity;

namespace Mcr.Server.Auth;

/// <summary>
/// The one place credentials are checked, for the authentication middleware, the token endpoint and
/// <c>/v1/auth/login</c>. Basic credentials go through <see cref="CredentialCache"/>, which remembers
/// recent successes briefly (password checks are deliberately slow) and accepts a token as the password.
/// </summary>
public sealed class Authenticator(IIdentityProvider identity, CredentialCache credentialCache)
{
    /// <summary>
    /// Checks a request's <c>Authorization</c> header: a bearer token, or Basic credentials (username and
    /// password, or username and token). Any other scheme fails as invalid credentials.
    /// </summary>
    public ValueTask<AuthOutcome> AuthenticateHeaderAsync(string header, CancellationToken cancellationToken)
    {
        if (BasicCredentials.TryParseBearer(header, out ReadOnlyMemory<char> token))
        {
            return AuthenticateTokenAsync(token, cancellationToken);
        }
        if (BasicCredentials.TryParse(header, out var username, out var password))
        {
            return new ValueTask<AuthOutcome>(AuthenticatePasswordAsync(username, password, cancellationToken));
        }
        return ValueTask.FromResult(AuthOutcome.Fail(IdentityStatus.InvalidCredentials, "unsupported authorization header"));
    }

    /// <summary>
    /// Checks a bearer token (the check of every authenticated request). A token validated moments ago is
    /// answered from memory without a string or a task for it; the outcome carries no token, the caller has it.
    /// </summary>
    public ValueTask<AuthOutcome> AuthenticateTokenAsync(ReadOnlyMemory<char> token, CancellationToken cancellationToken) =>
        identity.TryGetValidated(token.Span, out var principal)
            ? ValueTask.FromResult(new AuthOutcome(IdentityStatus.Ok, principal, ExpiresAt: principal.ExpiresAt))
            : new ValueTask<AuthOutcome>(ValidateTokenAsync(token.ToString(), cancellationToken));

    private async Task<AuthOutcome> ValidateTokenAsync(string token, CancellationToken cancellationToken)
    {
        var validation = await identity.ValidateAsync(token, cancellationToken);
        return validation.Status == IdentityStatus.Ok && validation.Principal is { } principal
            ? new AuthOutcome(IdentityStatus.Ok, principal, ExpiresAt: principal.ExpiresAt)
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
