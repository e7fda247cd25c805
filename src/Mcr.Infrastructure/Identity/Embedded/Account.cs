using Mcr.Core.Identity;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>An embedded-provider account as shown to operators (never the password hash).</summary>
/// <param name="Id">The account's UUID: the <c>sub</c> of its tokens and the actor id in the audit log.</param>
public sealed record Account(
    string Id,
    string Username,
    AccountType Type,
    IReadOnlyList<string> Roles,
    bool Disabled,
    bool HasPassword,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public enum AccountError
{
    None,
    InvalidUsername,
    InvalidRole,
    WeakPassword,
    PasswordRequired,
    AlreadyExists,
    NotFound,
    NotSystemAccount,
    Disabled,
}

/// <summary>Outcome of an account change; <see cref="Message"/> is fit to show the operator.</summary>
public sealed record AccountResult(AccountError Error, string? Message = null, Account? Account = null)
{
    public bool Succeeded => Error == AccountError.None;

    public static AccountResult Success(Account account) => new(AccountError.None, Account: account);

    public static AccountResult Failure(AccountError error, string message) => new(error, message);
}

/// <summary>Outcome of <see cref="AccountService.IssueSystemTokenAsync"/>.</summary>
public sealed record SystemTokenResult(AccountError Error, string? Message = null, string? Token = null, DateTimeOffset ExpiresAt = default)
{
    public bool Succeeded => Error == AccountError.None;

    public static SystemTokenResult Success(string token, DateTimeOffset expiresAt) => new(AccountError.None, Token: token, ExpiresAt: expiresAt);

    public static SystemTokenResult Failure(AccountError error, string message) => new(error, message);
}
