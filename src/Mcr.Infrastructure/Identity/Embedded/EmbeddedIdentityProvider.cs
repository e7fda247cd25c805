using System.Collections.Concurrent;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Database;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>
/// <see cref="IIdentityProvider"/> over the registry's own <c>accounts</c> table (SPEC §4, the <c>--dev</c>
/// default). Login checks the PBKDF2 hash and issues an ES256 JWT; validation is local (signature, issuer,
/// lifetime), then the token id must not be revoked and the account must still exist and be enabled.
/// The principal carries the account's current username and roles, so a demotion takes effect without
/// waiting for tokens to expire. Validation reads no disk beyond a briefly cached account lookup.
/// </summary>
public sealed class EmbeddedIdentityProvider : IIdentityProvider
{
    /// <summary>How long an account lookup is trusted; bounds how late a disable by <c>mcrsrv account</c> bites.</summary>
    internal static readonly TimeSpan AccountCacheTtl = TimeSpan.FromSeconds(5);

    private const int AccountCacheCapacity = 10_000;
    private const string BadLogin = "invalid username or password";

    private readonly AccountStore _accounts;
    private readonly EmbeddedTokens _tokens;
    private readonly RevocationList _revocations;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, (AccountRecord? Account, DateTimeOffset Until)> _accountCache = new(StringComparer.Ordinal);

    /// <param name="dataDirectory">Where <c>token-signing.key</c> lives (created on first use, mode 0600).</param>
    public EmbeddedIdentityProvider(SqliteDatabase database, IdentityOptions options, string dataDirectory, TimeProvider timeProvider)
        : this(new AccountStore(database), new EmbeddedTokens(TokenSigningKey.LoadOrCreate(dataDirectory), timeProvider),
            new RevocationList(database, timeProvider), options, timeProvider)
    {
    }

    internal EmbeddedIdentityProvider(
        AccountStore accounts, EmbeddedTokens tokens, RevocationList revocations, IdentityOptions options, TimeProvider timeProvider)
    {
        _accounts = accounts;
        _tokens = tokens;
        _revocations = revocations;
        _options = options;
        _timeProvider = timeProvider;
    }

    public async Task<LoginResult> LoginAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(password) || password.Length > AccountRules.MaxPasswordLength)
        {
            return LoginResult.Failure(IdentityStatus.InvalidCredentials, BadLogin);
        }
        var account = AccountRules.IsValidUsername(username)
            ? await _accounts.FindByUsernameAsync(username, cancellationToken)
            : null;
        // Always one full hash, found or not, so timing does not reveal which usernames exist.
        var matches = PasswordHasher.Verify(password, account?.PasswordHash);
        if (account is null || !matches)
        {
            return LoginResult.Failure(IdentityStatus.InvalidCredentials, BadLogin);
        }
        if (account.Disabled)
        {
            return LoginResult.Failure(IdentityStatus.InvalidCredentials, "account is disabled");
        }
        var (token, expiresAt) = _tokens.Issue(account, _options.TokenTtl);
        return LoginResult.Success(token, expiresAt);
    }

    public async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        var check = await _tokens.CheckAsync(token, checkLifetime: true);
        if (check.Claims is not { } claims)
        {
            return TokenValidationResult.Failure(IdentityStatus.InvalidCredentials, check.Error ?? "invalid token");
        }
        if (_revocations.IsRevoked(claims.TokenId))
        {
            return TokenValidationResult.Failure(IdentityStatus.InvalidCredentials, "token has been revoked");
        }
        var account = await FindAccountAsync(claims.Subject, cancellationToken);
        if (account is null || account.Disabled)
        {
            return TokenValidationResult.Failure(IdentityStatus.InvalidCredentials, "account is unknown or disabled");
        }
        return TokenValidationResult.Valid(new Principal(account.Id, account.Username, account.Type, account.Roles, claims.ExpiresAt));
    }

    public async Task<IdentityStatus> LogoutAsync(string token, CancellationToken cancellationToken = default)
    {
        // Only tokens we signed are recorded, so garbage cannot fill the table; an expired one needs no record.
        var check = await _tokens.CheckAsync(token, checkLifetime: true);
        if (check.Claims is { } claims)
        {
            await _revocations.RevokeAsync(claims.TokenId, claims.ExpiresAt, cancellationToken);
        }
        return IdentityStatus.Ok;
    }

    public void Forget(string subject) => _accountCache.TryRemove(subject, out _);

    private async Task<AccountRecord?> FindAccountAsync(string id, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (_accountCache.TryGetValue(id, out var cached) && cached.Until > now)
        {
            return cached.Account;
        }
        var account = await _accounts.FindByIdAsync(id, cancellationToken);
        if (_accountCache.Count >= AccountCacheCapacity)
        {
            _accountCache.Clear(); // subjects come from signed tokens, so this is a safety net, not a hot path
        }
        _accountCache[id] = (account, now + AccountCacheTtl);
        return account;
    }
}
