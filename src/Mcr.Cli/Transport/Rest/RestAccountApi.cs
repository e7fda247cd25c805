using Mcr.Cli.Client;

namespace Mcr.Cli.Transport.Rest;

internal sealed class RestAccountApi(RestConnection rest) : IAccountApi
{
    public Task<AccountList> ListAsync(CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get, RestPaths.Accounts, null, McrJson.Default.AccountList, cancellationToken);

    public Task<Account> GetAsync(string username, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get, RestPaths.Account(username), null, McrJson.Default.Account, cancellationToken);

    public Task<Account> CreateAsync(NewAccount account, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Post, RestPaths.Accounts, RestConnection.Json(account, McrJson.Default.NewAccount),
            McrJson.Default.Account, cancellationToken);

    public Task<Account> SetDisabledAsync(string username, bool disabled, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Post, $"{RestPaths.Account(username)}/{(disabled ? "disable" : "enable")}", null,
            McrJson.Default.Account, cancellationToken);

    public Task<Account> SetPasswordAsync(string username, string password, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Put, $"{RestPaths.Account(username)}/password",
            RestConnection.Json(new PasswordChange(password), McrJson.Default.PasswordChange), McrJson.Default.Account, cancellationToken);

    public Task<SystemToken> IssueTokenAsync(string username, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Post, $"{RestPaths.Account(username)}/token", null, McrJson.Default.SystemToken, cancellationToken);
}
