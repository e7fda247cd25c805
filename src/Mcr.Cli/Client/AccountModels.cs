namespace Mcr.Cli.Client;

/// <summary>An account of the embedded identity provider (<c>/v1/accounts</c>).</summary>
public sealed record Account(
    string Id,
    string Username,
    string Type,
    IReadOnlyList<string> Roles,
    bool Disabled,
    bool HasPassword,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record AccountList(IReadOnlyList<Account> Accounts);

/// <summary>The body of <c>POST /v1/accounts</c>; <c>password</c> null for a system account without one.</summary>
public sealed record NewAccount(string Username, string Type, IReadOnlyList<string> Roles, string? Password);

/// <summary>The body of <c>PUT /v1/accounts/{username}/password</c>.</summary>
public sealed record PasswordChange(string Password);

/// <summary><c>POST /v1/accounts/{username}/token</c>: a long-lived token for a system account.</summary>
public sealed record SystemToken(string Token, DateTimeOffset ExpiresAt);
