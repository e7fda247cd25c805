using Mcr.Cli.Client;
using V1 = Mcr.Protocol.V1;

namespace Mcr.Cli.Transport.Grpc;

internal sealed class GrpcAccountApi(GrpcConnection grpc) : IAccountApi
{
    private readonly V1.AccountService.AccountServiceClient _client = new(grpc.Channel);

    public async Task<AccountList> ListAsync(CancellationToken cancellationToken)
    {
        var list = await grpc.CallAsync(o => _client.ListAccountsAsync(new V1.ListAccountsRequest(), o), cancellationToken);
        return new AccountList([.. list.Accounts.Select(ProtoMapping.Account)]);
    }

    public async Task<Account> GetAsync(string username, CancellationToken cancellationToken) =>
        ProtoMapping.Account(await grpc.CallAsync(o => _client.GetAccountAsync(new V1.GetAccountRequest { Username = username }, o), cancellationToken));

    public async Task<Account> CreateAsync(NewAccount account, CancellationToken cancellationToken)
    {
        var request = new V1.CreateAccountRequest { Username = account.Username, Type = account.Type, Roles = { account.Roles } };
        if (account.Password is { } password)
        {
            request.Password = password;
        }
        return ProtoMapping.Account(await grpc.CallAsync(o => _client.CreateAccountAsync(request, o), cancellationToken));
    }

    public async Task<Account> SetDisabledAsync(string username, bool disabled, CancellationToken cancellationToken) =>
        ProtoMapping.Account(disabled
            ? await grpc.CallAsync(o => _client.DisableAccountAsync(new V1.DisableAccountRequest { Username = username }, o), cancellationToken)
            : await grpc.CallAsync(o => _client.EnableAccountAsync(new V1.EnableAccountRequest { Username = username }, o), cancellationToken));

    public async Task<Account> SetPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        var request = new V1.SetAccountPasswordRequest { Username = username, Password = password };
        return ProtoMapping.Account(await grpc.CallAsync(o => _client.SetAccountPasswordAsync(request, o), cancellationToken));
    }

    public async Task<SystemToken> IssueTokenAsync(string username, CancellationToken cancellationToken)
    {
        var token = await grpc.CallAsync(o => _client.IssueSystemTokenAsync(new V1.IssueSystemTokenRequest { Username = username }, o), cancellationToken);
        return new SystemToken(token.Token, ProtoMapping.Time(token.ExpiresAt));
    }
}
