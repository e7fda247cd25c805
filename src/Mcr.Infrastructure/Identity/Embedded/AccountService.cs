using Mcr.Core.Identity;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Database;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>
/// Account management for <c>mcrsrv account add|list|passwd|disable|enable|token</c> and the <c>--dev</c>
/// bootstrap admin. Rules: usernames match <c>^[a-z0-9][a-z0-9._-]{0,63}$</c>, roles are admin/user/guest,
/// passwords have at least 12 characters, human accounts need one; only system accounts get long-lived tokens.
/// Rejections are <see cref="AccountResult"/> values with a message for the operator.
/// </summary>
public sealed class AccountService
{
    public const string BootstrapAdminUsername = "admin";

    private readonly AccountStore _accounts;
    private readonly Lazy<EmbeddedTokens> _tokens;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <param name="dataDirectory">Where <c>token-signing.key</c> lives; only read when a token is issued.</param>
    public AccountService(SqliteDatabase database, IdentityOptions options, string dataDirectory, TimeProvider timeProvider)
    {
        _accounts = new AccountStore(database);
        _tokens = new Lazy<EmbeddedTokens>(() => new EmbeddedTokens(TokenSigningKey.LoadOrCreate(dataDirectory), timeProvider));
        _options = options;
        _timeProvider = timeProvider;
    }

    public async Task<AccountResult> AddAsync(
        string username, AccountType type, IEnumerable<string> roles, string? password, CancellationToken cancellationToken = default)
    {
        if (!AccountRules.IsValidUsername(username))
        {
            return AccountResult.Failure(AccountError.InvalidUsername,
                $"invalid username '{username}': use 1-64 of a-z 0-9 . _ - starting with a letter or digit");
        }
        var roleList = roles.Distinct(StringComparer.Ordinal).ToArray();
        if (roleList.FirstOrDefault(role => !AccountRules.IsKnownRole(role)) is { } unknown)
        {
            return AccountResult.Failure(AccountError.InvalidRole, $"unknown role '{unknown}': use {string.Join(", ", Roles.Known)}");
        }
        if (password is null && type == AccountType.Human)
        {
            return AccountResult.Failure(AccountError.PasswordRequired, "human accounts need a password");
        }
        if (password is not null && AccountRules.CheckPassword(password) is { } weak)
        {
            return AccountResult.Failure(AccountError.WeakPassword, weak);
        }
        var now = _timeProvider.GetUtcNow();
        var record = new AccountRecord(Guid.NewGuid().ToString(), username, type, roleList,
            password is null ? null : PasswordHasher.Hash(password), false, now, now);
        if (!await _accounts.InsertAsync(record, cancellationToken))
        {
            return AccountResult.Failure(AccountError.AlreadyExists, $"account '{username}' already exists");
        }
        return AccountResult.Success(record.ToAccount());
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await _accounts.ListAsync(cancellationToken)).Select(record => record.ToAccount())];

    public async Task<Account?> FindAsync(string username, CancellationToken cancellationToken = default) =>
        AccountRules.IsValidUsername(username) ? (await _accounts.FindByUsernameAsync(username, cancellationToken))?.ToAccount() : null;

    public async Task<AccountResult> SetPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        if (AccountRules.CheckPassword(password) is { } weak)
        {
            return AccountResult.Failure(AccountError.WeakPassword, weak);
        }
        if (await FindAsync(username, cancellationToken) is null)
        {
            return NotFound(username);
        }
        var updated = await _accounts.SetPasswordHashAsync(username, PasswordHasher.Hash(password), _timeProvider.GetUtcNow(), cancellationToken);
        return updated ? await ReloadAsync(username, cancellationToken) : NotFound(username);
    }

    /// <summary>Disables the account: logins fail and its tokens stop validating (within seconds on a running server).</summary>
    public Task<AccountResult> DisableAsync(string username, CancellationToken cancellationToken = default) =>
        SetDisabledAsync(username, true, cancellationToken);

    public Task<AccountResult> EnableAsync(string username, CancellationToken cancellationToken = default) =>
        SetDisabledAsync(username, false, cancellationToken);

    /// <summary>A token valid for <c>identity.system_token_ttl</c>, for a CI or node (system) account.</summary>
    public async Task<SystemTokenResult> IssueSystemTokenAsync(string username, CancellationToken cancellationToken = default)
    {
        var account = AccountRules.IsValidUsername(username) ? await _accounts.FindByUsernameAsync(username, cancellationToken) : null;
        if (account is null)
        {
            return SystemTokenResult.Failure(AccountError.NotFound, $"no account '{username}'");
        }
        if (account.Type != AccountType.System)
        {
            return SystemTokenResult.Failure(AccountError.NotSystemAccount,
                $"'{username}' is a human account; long-lived tokens are only issued to system accounts");
        }
        if (account.Disabled)
        {
            return SystemTokenResult.Failure(AccountError.Disabled, $"account '{username}' is disabled");
        }
        var (token, expiresAt) = _tokens.Value.Issue(account, _options.SystemTokenTtl);
        return SystemTokenResult.Success(token, expiresAt);
    }

    /// <summary>
    /// Creates <c>admin</c> (human, role admin) with <paramref name="password"/> if the table has no account at all;
    /// true if it did. Atomic, so two starting processes cannot both create it.
    /// </summary>
    /// <exception cref="ArgumentException">The password is too short (a configuration error: refuse to start).</exception>
    public async Task<bool> EnsureBootstrapAdminAsync(string password, CancellationToken cancellationToken = default)
    {
        if (AccountRules.CheckPassword(password) is { } weak)
        {
            throw new ArgumentException($"bootstrap admin password rejected: {weak}", nameof(password));
        }
        var now = _timeProvider.GetUtcNow();
        var record = new AccountRecord(Guid.NewGuid().ToString(), BootstrapAdminUsername, AccountType.Human, [Roles.Admin],
            null, false, now, now);
        // Cheap check first so an existing registry does not pay a 600k-round hash on every start.
        if (await _accounts.AnyAsync(cancellationToken))
        {
            return false;
        }
        return await _accounts.InsertIfNoAccountsAsync(record with { PasswordHash = PasswordHasher.Hash(password) }, cancellationToken);
    }

    private async Task<AccountResult> SetDisabledAsync(string username, bool disabled, CancellationToken cancellationToken)
    {
        if (!AccountRules.IsValidUsername(username)
            || !await _accounts.SetDisabledAsync(username, disabled, _timeProvider.GetUtcNow(), cancellationToken))
        {
            return NotFound(username);
        }
        return await ReloadAsync(username, cancellationToken);
    }

    private async Task<AccountResult> ReloadAsync(string username, CancellationToken cancellationToken) =>
        await FindAsync(username, cancellationToken) is { } account ? AccountResult.Success(account) : NotFound(username);

    private static AccountResult NotFound(string username) => AccountResult.Failure(AccountError.NotFound, $"no account '{username}'");
}
