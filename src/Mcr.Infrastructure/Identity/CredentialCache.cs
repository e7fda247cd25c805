using System.Security.Cryptography;
using System.Text;
using Mcr.Core.Identity;

namespace Mcr.Infrastructure.Identity;

/// <summary>
/// Remembers HTTP Basic credentials that recently succeeded, so <c>/v2/token</c> and Basic-authenticated
/// <c>/v2/</c> requests do not pay a password check (600k PBKDF2 rounds, or an MCIAS round trip) each time.
/// The key is an HMAC-SHA256 of <c>username NUL password</c> under a random per-process salt: neither the
/// password nor an offline-guessable hash of it is kept. Entries live 30 s and never beyond the token's expiry.
/// </summary>
public sealed class CredentialCache
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _timeProvider;
    private readonly ExpiringCache<CachedCredential> _entries;

    public CredentialCache(TimeProvider timeProvider)
        : this(timeProvider, CachingIdentityProvider.DefaultCapacity)
    {
    }

    internal CredentialCache(TimeProvider timeProvider, int capacity)
    {
        _timeProvider = timeProvider;
        _entries = new ExpiringCache<CachedCredential>(timeProvider, capacity);
    }

    internal int Count => _entries.Count;

    public bool TryGet(string username, string password, out CachedCredential credential) =>
        _entries.TryGet(KeyFor(username, password), out credential);

    public void Set(string username, string password, CachedCredential credential)
    {
        var until = _timeProvider.GetUtcNow() + Ttl;
        var expiry = Min(until, Min(credential.ExpiresAt, credential.Principal.ExpiresAt));
        _entries.Set(KeyFor(username, password), credential, expiry);
    }

    /// <summary>Drops every entry holding <paramref name="token"/> (called when it is logged out).</summary>
    public void ForgetToken(string token) =>
        _entries.RemoveWhere(entry => string.Equals(entry.Token, token, StringComparison.Ordinal));

    /// <summary>Drops every entry of the account <paramref name="subject"/> (called when it is disabled).</summary>
    public void ForgetSubject(string subject) =>
        _entries.RemoveWhere(entry => string.Equals(entry.Principal.Subject, subject, StringComparison.Ordinal));

    /// <summary>
    /// Checks Basic credentials: from the cache; else, if the password is shaped like a JWT, as a token (whatever
    /// the username: CI tools send placeholders); else by logging in and validating the issued token through
    /// <paramref name="identity"/> (which should be the caching provider). Only successes are cached.
    /// </summary>
    public async Task<CredentialResult> AuthenticateAsync(
        IIdentityProvider identity, string username, string password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return CredentialResult.Failure(IdentityStatus.InvalidCredentials, "username and password are required");
        }
        if (TryGet(username, password, out var cached))
        {
            return CredentialResult.Success(cached);
        }
        // Personal-access-token pattern (SPEC §4): CI and system accounts send a token as the password.
        if (LooksLikeJwt(password))
        {
            var asToken = await identity.ValidateAsync(password, cancellationToken);
            if (asToken.Status == IdentityStatus.Unavailable)
            {
                return CredentialResult.Failure(asToken.Status, asToken.Message ?? "identity service unavailable");
            }
            if (asToken.Status == IdentityStatus.Ok && asToken.Principal is { } holder)
            {
                var fromToken = new CachedCredential(holder, password, holder.ExpiresAt);
                Set(username, password, fromToken);
                return CredentialResult.Success(fromToken);
            }
        }
        var login = await identity.LoginAsync(username, password, cancellationToken);
        if (login.Status != IdentityStatus.Ok || login.Token is null)
        {
            return CredentialResult.Failure(login.Status == IdentityStatus.Ok ? IdentityStatus.Unavailable : login.Status,
                login.Message ?? "login failed");
        }
        var validation = await identity.ValidateAsync(login.Token, cancellationToken);
        if (validation.Status != IdentityStatus.Ok || validation.Principal is null)
        {
            return CredentialResult.Failure(validation.Status == IdentityStatus.Ok ? IdentityStatus.Unavailable : validation.Status,
                validation.Message ?? "issued token did not validate");
        }
        var credential = new CachedCredential(validation.Principal, login.Token, login.ExpiresAt);
        Set(username, password, credential);
        return CredentialResult.Success(credential);
    }

    private string KeyFor(string username, string password)
    {
        var user = Encoding.UTF8.GetBytes(username);
        var secret = Encoding.UTF8.GetBytes(password);
        var message = new byte[user.Length + 1 + secret.Length];
        user.CopyTo(message, 0);
        secret.CopyTo(message, user.Length + 1);
        var key = Convert.ToHexString(HMACSHA256.HashData(_salt, message));
        CryptographicOperations.ZeroMemory(secret);
        CryptographicOperations.ZeroMemory(message);
        return key;
    }

    private static bool LooksLikeJwt(string value) =>
        value.Length > 32 && value.Count(c => c == '.') == 2
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>A Basic-credential success: who it is, and the token issued for it.</summary>
public sealed record CachedCredential(Principal Principal, string Token, DateTimeOffset ExpiresAt);

/// <summary>Outcome of <see cref="CredentialCache.AuthenticateAsync"/>.</summary>
public sealed record CredentialResult(IdentityStatus Status, CachedCredential? Credential = null, string? Message = null)
{
    public static CredentialResult Success(CachedCredential credential) => new(IdentityStatus.Ok, credential);

    public static CredentialResult Failure(IdentityStatus status, string message) => new(status, Message: message);
}
