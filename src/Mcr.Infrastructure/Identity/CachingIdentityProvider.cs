using System.Security.Cryptography;
using System.Text;
using Mcr.Core.Identity;

namespace Mcr.Infrastructure.Identity;

/// <summary>
/// Decorates an <see cref="IIdentityProvider"/> with a short cache of successful token validations, so a pull of
/// fifty layers costs one MCIAS round trip rather than fifty. Entries are keyed by the SHA-256 of the token (the
/// token itself is never kept), live at most <see cref="Ttl"/> and never beyond the token's own expiry.
/// Only <see cref="IdentityStatus.Ok"/> results are cached: a revoked token is re-checked every time.
/// </summary>
public sealed class CachingIdentityProvider : IIdentityProvider
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    public const int DefaultCapacity = 10_000;

    private readonly IIdentityProvider _inner;
    private readonly TimeProvider _timeProvider;
    private readonly CredentialCache? _credentials;
    private readonly ExpiringCache<Principal> _validations;

    /// <param name="credentials">If given, logging a token out also drops Basic-credential entries that hold it.</param>
    public CachingIdentityProvider(IIdentityProvider inner, TimeProvider timeProvider, CredentialCache? credentials = null)
        : this(inner, timeProvider, credentials, DefaultCapacity)
    {
    }

    internal CachingIdentityProvider(IIdentityProvider inner, TimeProvider timeProvider, CredentialCache? credentials, int capacity)
    {
        _inner = inner;
        _timeProvider = timeProvider;
        _credentials = credentials;
        _validations = new ExpiringCache<Principal>(timeProvider, capacity);
    }

    /// <summary>The wrapped provider.</summary>
    public IIdentityProvider Inner => _inner;

    /// <summary>Cache keys currently held (test seam: they must be hashes, not tokens).</summary>
    internal IReadOnlyList<string> CachedKeys => _validations.Keys;

    public Task<LoginResult> LoginAsync(string username, string password, CancellationToken cancellationToken = default) =>
        _inner.LoginAsync(username, password, cancellationToken);

    public async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenValidationResult.Failure(IdentityStatus.InvalidCredentials, "empty token");
        }
        var key = KeyFor(token);
        if (_validations.TryGet(key, out var cached))
        {
            return TokenValidationResult.Valid(cached);
        }
        var result = await _inner.ValidateAsync(token, cancellationToken);
        if (result.Status == IdentityStatus.Ok && result.Principal is { } principal)
        {
            var until = _timeProvider.GetUtcNow() + Ttl;
            _validations.Set(key, principal, principal.ExpiresAt < until ? principal.ExpiresAt : until);
        }
        return result;
    }

    public async Task<IdentityStatus> LogoutAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return IdentityStatus.Ok;
        }
        // Evict first: even if the identity service cannot be told, this process stops honouring the token.
        _validations.Remove(KeyFor(token));
        _credentials?.ForgetToken(token);
        return await _inner.LogoutAsync(token, cancellationToken);
    }

    internal static string KeyFor(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
