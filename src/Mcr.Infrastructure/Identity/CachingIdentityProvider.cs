using System.Buffers;
using System.Diagnostics.CodeAnalysis;
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
        if (TryGetValidated(token, out var cached))
        {
            return TokenValidationResult.Valid(cached);
        }
        var result = await _inner.ValidateAsync(token, cancellationToken);
        if (result.Status == IdentityStatus.Ok && result.Principal is { } principal)
        {
            var until = _timeProvider.GetUtcNow() + Ttl;
            _validations.Set(KeyFor(token), principal, principal.ExpiresAt < until ? principal.ExpiresAt : until);
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

    public void Forget(string subject)
    {
        _validations.RemoveWhere(principal => string.Equals(principal.Subject, subject, StringComparison.Ordinal));
        _credentials?.ForgetSubject(subject);
        _inner.Forget(subject);
    }

    internal static string KeyFor(string token)
    {
        Span<char> key = stackalloc char[KeyLength];
        WriteKey(token, key);
        return new string(key);
    }

    /// <summary>The lookup every authenticated request makes: its key is computed on the stack, not allocated.</summary>
    public bool TryGetValidated(ReadOnlySpan<char> token, [NotNullWhen(true)] out Principal? principal)
    {
        Span<char> key = stackalloc char[KeyLength];
        WriteKey(token, key);
        return _validations.TryGet(key, out principal);
    }

    private const int KeyLength = SHA256.HashSizeInBytes * 2;

    /// <summary>The upper-case hex SHA-256 of the token's UTF-8 bytes.</summary>
    private static void WriteKey(ReadOnlySpan<char> token, Span<char> key)
    {
        const int StackLimit = 4096;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(token.Length);
        var rented = maxBytes > StackLimit ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[StackLimit];
            var length = Encoding.UTF8.GetBytes(token, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..length], hash);
            Convert.TryToHexString(hash, key, out _);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
