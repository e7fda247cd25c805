using Grpc.Core;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Admin;
using Mcr.Protocol.V1;
using Account = Mcr.Protocol.V1.Account;
using SystemToken = Mcr.Protocol.V1.SystemToken;

namespace Mcr.Server.Grpc.Services;

/// <summary>AccountService: embedded accounts through <see cref="AccountAdminService"/>, as <c>/v1/accounts</c> does.</summary>
internal sealed class AccountGrpcService(AccountAdminService accounts) : AccountService.AccountServiceBase
{
    public override async Task<ListAccountsResponse> ListAccounts(ListAccountsRequest request, ServerCallContext context) =>
        new() { Accounts = { (await accounts.ListAsync(context.CancellationToken)).Unwrap().Select(ToMessage) } };

    public override async Task<Account> GetAccount(GetAccountRequest request, ServerCallContext context) =>
        ToMessage((await accounts.GetAsync(request.Username, context.CancellationToken)).Unwrap());

    public override async Task<Account> CreateAccount(CreateAccountRequest request, ServerCallContext context)
    {
        var input = new AccountInput
        {
            Username = request.Username,
            Type = request.Type.Length == 0 ? null : request.Type,
            Roles = request.Roles.Count == 0 ? null : [.. request.Roles],
            Password = request.HasPassword ? request.Password : null,
        };
        return ToMessage((await accounts.CreateAsync(context.Caller(), input, context.CancellationToken)).Unwrap());
    }

    public override async Task<Account> DisableAccount(DisableAccountRequest request, ServerCallContext context) =>
        ToMessage((await accounts.DisableAsync(context.Caller(), request.Username, context.CancellationToken)).Unwrap());

    public override async Task<Account> EnableAccount(EnableAccountRequest request, ServerCallContext context) =>
        ToMessage((await accounts.EnableAsync(context.Caller(), request.Username, context.CancellationToken)).Unwrap());

    public override async Task<Account> SetAccountPassword(SetAccountPasswordRequest request, ServerCallContext context) =>
        ToMessage((await accounts.SetPasswordAsync(context.Caller(), request.Username, request.Password, context.CancellationToken)).Unwrap());

    public override async Task<SystemToken> IssueSystemToken(IssueSystemTokenRequest request, ServerCallContext context)
    {
        var token = (await accounts.IssueTokenAsync(context.Caller(), request.Username, context.CancellationToken)).Unwrap();
        return new SystemToken { Token = token.Token, ExpiresAt = GrpcCall.Time(token.ExpiresAt) };
    }

    private static Account ToMessage(Infrastructure.Identity.Embedded.Account account) => new()
    {
        Id = account.Id,
        Username = account.Username,
        Type = account.Type.Name(),
        Roles = { account.Roles },
        Disabled = account.Disabled,
        HasPassword = account.HasPassword,
        CreatedAt = GrpcCall.Time(account.CreatedAt),
        UpdatedAt = GrpcCall.Time(account.UpdatedAt),
    };
}
