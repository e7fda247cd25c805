using Mcr.Core.Identity;
using Mcr.Infrastructure.Identity.Embedded;

namespace Mcr.Server.Admin;

// The account bodies of the admin API (snake_case through AdminJsonContext); never a password or its hash.

public sealed record AccountResponse(
    string Id,
    string Username,
    string Type,
    IReadOnlyList<string> Roles,
    bool Disabled,
    bool HasPassword,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static AccountResponse From(Account account) => new(
        account.Id, account.Username, account.Type.Name(), account.Roles, account.Disabled, account.HasPassword, account.CreatedAt, account.UpdatedAt);
}

public sealed record AccountListResponse(IReadOnlyList<AccountResponse> Accounts);
