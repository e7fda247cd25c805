using System.Diagnostics.CodeAnalysis;
using Mcr.Core.Identity;

namespace Mcr.Infrastructure.Identity;

/// <summary>
/// Who is calling (SPEC §4). Two implementations: the MCIAS client and the embedded provider.
/// Expected failures are results, not exceptions; "identity service unreachable" is
/// <see cref="IdentityStatus.Unavailable"/> so callers answer 503 rather than 401.
/// </summary>
public interface IIdentityProvider
{
    /// <summary>Checks a username and password and issues a token.</summary>
    Task<LoginResult> LoginAsync(string username, string password, CancellationToken cancellationToken = default);

    /// <summary>Checks a token and returns who it belongs to.</summary>
    Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers from memory, where the provider can, that <paramref name="token"/> is valid and whose it is,
    /// without needing a string for it. False means "ask <see cref="ValidateAsync"/>", not "invalid".
    /// </summary>
    bool TryGetValidated(ReadOnlySpan<char> token, [NotNullWhen(true)] out Principal? principal)
    {
        principal = null;
        return false;
    }

    /// <summary>
    /// Drops whatever the provider remembers about the account <paramref name="subject"/> (validated tokens, the
    /// account's state), so the next request with one of its tokens is checked afresh: called after an account is
    /// disabled in this process, so that its tokens stop working at once rather than when a cache entry expires.
    /// </summary>
    void Forget(string subject)
    {
    }

    /// <summary>
    /// Revokes a token. Revoking an unknown, invalid or expired token is not an error (<see cref="IdentityStatus.Ok"/>);
    /// <see cref="IdentityStatus.Unavailable"/> means the identity service could not be told, so the token may
    /// still be valid there until it expires.
    /// </summary>
    Task<IdentityStatus> LogoutAsync(string token, CancellationToken cancellationToken = default);
}

public enum IdentityStatus
{
    Ok,

    /// <summary>Unknown user, wrong password, bad/expired/revoked token (→ 401).</summary>
    InvalidCredentials,

    /// <summary>Credentials were right but the identity service refuses this login (MCIAS 403 → 403).</summary>
    Denied,

    /// <summary>The identity service could not be reached or failed (→ 503).</summary>
    Unavailable,
}

public sealed record LoginResult(IdentityStatus Status, string? Token = null, DateTimeOffset ExpiresAt = default, string? Message = null)
{
    public static LoginResult Success(string token, DateTimeOffset expiresAt) => new(IdentityStatus.Ok, token, expiresAt);

    public static LoginResult Failure(IdentityStatus status, string message) => new(status, Message: message);
}

public sealed record TokenValidationResult(IdentityStatus Status, Principal? Principal = null, string? Message = null)
{
    public static TokenValidationResult Valid(Principal principal) => new(IdentityStatus.Ok, principal);

    public static TokenValidationResult Failure(IdentityStatus status, string message) => new(status, Message: message);
}
