using System.Globalization;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Identity;
using Mcr.Infrastructure.Identity.Embedded;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Admin;

/// <summary>
/// Accounts of the embedded identity provider over the admin API (REST <c>/v1/accounts</c>, gRPC
/// <c>AccountService</c>), on top of <see cref="AccountService"/> (which <c>mcrsrv account</c> uses too, so the
/// rules are the same). The transport requires the admin role. Changes are audited (<c>account_created</c>,
/// <c>account_disabled</c>, <c>account_enabled</c>, <c>account_password_changed</c>, <c>account_token_issued</c>)
/// without the password or token. With MCIAS configured (<paramref name="accounts"/> null) every call is
/// <see cref="AdminStatus.Conflict"/>: accounts live in MCIAS.
/// </summary>
public sealed class AccountAdminService(
    AccountService? accounts, IIdentityProvider identity, IAuditSink audit, TimeProvider time, ILogger<AccountAdminService> logger)
{
    public const string ManagedInMcias = "accounts are managed in MCIAS";

    private static readonly AdminError _mcias = AdminError.Conflict(ManagedInMcias);

    /// <summary>Every account, by username.</summary>
    public async Task<AdminResult<IReadOnlyList<Account>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (accounts is null)
        {
            return _mcias;
        }
        return AdminResult.Ok(await accounts.ListAsync(cancellationToken));
    }

    public async Task<AdminResult<Account>> GetAsync(string username, CancellationToken cancellationToken = default)
    {
        if (Check(username) is { } error)
        {
            return error;
        }
        return await accounts!.FindAsync(username, cancellationToken) is { } account ? AdminResult.Ok(account) : NotFound(username);
    }

    public async Task<AdminResult<Account>> CreateAsync(AdminCaller caller, AccountInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (accounts is null)
        {
            return _mcias;
        }
        if (string.IsNullOrEmpty(input.Username))
        {
            return AdminError.Invalid("username is required");
        }
        var type = AccountType.Human;
        if (input.Type is { Length: > 0 } && !AccountTypes.TryParse(input.Type, out type))
        {
            return AdminError.Invalid("type must be \"human\" or \"system\"");
        }
        if (input.Roles?.Any(static role => role is null) == true)
        {
            return AdminError.Invalid("roles must not contain null");
        }
        IReadOnlyList<string> roles = input.Roles is { Count: > 0 } given ? [.. given.OfType<string>()] : [Roles.User];
        // Past validation the insert and its audit belong together: finish them even if the client goes away.
        var result = await accounts.AddAsync(input.Username, type, roles, input.Password, CancellationToken.None);
        return Complete(caller, result, AuditEventTypes.AccountCreated, "created", result.Account is { } account
            ? new Dictionary<string, string> { ["type"] = account.Type.Name(), ["roles"] = string.Join(",", account.Roles) }
            : null);
    }

    /// <summary>Disables the account: logins fail and its tokens stop working at once on this server.</summary>
    public async Task<AdminResult<Account>> DisableAsync(AdminCaller caller, string username, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (Check(username) is { } error)
        {
            return error;
        }
        var target = await accounts!.FindAsync(username, cancellationToken);
        if (target is null)
        {
            return NotFound(username);
        }
        if (string.Equals(target.Id, caller.ActorId, StringComparison.Ordinal))
        {
            // an administrator cannot lock themselves out; another admin (or mcrsrv account disable) can
            return AdminError.Conflict("you cannot disable your own account");
        }
        var result = await accounts.DisableAsync(username, CancellationToken.None);
        if (result.Account is { } disabled)
        {
            identity.Forget(disabled.Id);
        }
        return Complete(caller, result, AuditEventTypes.AccountDisabled, "disabled");
    }

    public async Task<AdminResult<Account>> EnableAsync(AdminCaller caller, string username, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (Check(username) is { } error)
        {
            return error;
        }
        var result = await accounts!.EnableAsync(username, CancellationToken.None);
        if (result.Account is { } enabled)
        {
            // the provider may remember the account as disabled for a few seconds
            identity.Forget(enabled.Id);
        }
        return Complete(caller, result, AuditEventTypes.AccountEnabled, "enabled");
    }

    /// <summary>Sets a new password (tokens already issued stay valid: disable the account to stop them).</summary>
    public async Task<AdminResult<Account>> SetPasswordAsync(
        AdminCaller caller, string username, string? password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (Check(username) is { } error)
        {
            return error;
        }
        if (password is null)
        {
            return AdminError.Invalid("password is required");
        }
        var result = await accounts!.SetPasswordAsync(username, password, CancellationToken.None);
        return Complete(caller, result, AuditEventTypes.AccountPasswordChanged, "password changed");
    }

    /// <summary>A long-lived token (<c>identity.system_token_ttl</c>) for an enabled system account.</summary>
    public async Task<AdminResult<SystemToken>> IssueTokenAsync(AdminCaller caller, string username, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (Check(username) is { } error)
        {
            return error;
        }
        var account = await accounts!.FindAsync(username, cancellationToken);
        var result = await accounts.IssueSystemTokenAsync(username, CancellationToken.None);
        if (!result.Succeeded || account is null)
        {
            return Map(result.Error, result.Message);
        }
        Audit(caller, AuditEventTypes.AccountTokenIssued, account, "token issued", new Dictionary<string, string>
        {
            ["expires_at"] = result.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
        });
        return AdminResult.Ok(new SystemToken(result.Token!, result.ExpiresAt));
    }

    /// <summary>The error for MCIAS mode or a malformed username; null when the call may go on.</summary>
    private AdminError? Check(string? username) =>
        accounts is null ? _mcias
        : string.IsNullOrEmpty(username) ? AdminError.Invalid("username is required")
        : AccountRules.IsValidUsername(username) ? null
        : AdminError.Invalid("invalid username: use 1-64 of a-z 0-9 . _ - starting with a letter or digit");

    private AdminResult<Account> Complete(
        AdminCaller caller, AccountResult result, string eventType, string change, Dictionary<string, string>? details = null)
    {
        if (!result.Succeeded || result.Account is null)
        {
            return Map(result.Error, result.Message);
        }
        Audit(caller, eventType, result.Account, change, details);
        return AdminResult.Ok(result.Account);
    }

    private void Audit(AdminCaller caller, string eventType, Account account, string change, Dictionary<string, string>? details = null)
    {
        details ??= [];
        details["account_id"] = account.Id;
        details["username"] = account.Username;
        audit.Record(new AuditEvent(time.GetUtcNow(), eventType, caller.ActorId, ClientIp: caller.ClientIp, Details: details));
        AdminLog.AccountChanged(logger, account.Username, change, caller.ActorId);
    }

    /// <summary>The one table from the account rules' errors to admin statuses.</summary>
    private static AdminError Map(AccountError error, string? message)
    {
        var status = error switch
        {
            AccountError.InvalidUsername or AccountError.InvalidRole or AccountError.WeakPassword or AccountError.PasswordRequired => AdminStatus.Invalid,
            AccountError.AlreadyExists => AdminStatus.AlreadyExists,
            AccountError.NotSystemAccount or AccountError.Disabled => AdminStatus.Conflict,
            AccountError.NotFound => AdminStatus.NotFound,
            _ => AdminStatus.Failed,
        };
        return new AdminError(status, message ?? "the account change failed");
    }

    private static AdminError NotFound(string username) => AdminError.NotFound($"no account '{username}'");
}
