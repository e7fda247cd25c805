using Mcr.Infrastructure.Admin;

namespace Mcr.Server.Admin;

/// <summary>
/// Embedded accounts, admin only: <c>GET|POST /v1/accounts</c>, <c>GET /v1/accounts/{username}</c>,
/// <c>POST /v1/accounts/{username}/disable|enable</c>, <c>PUT /v1/accounts/{username}/password</c> and
/// <c>POST /v1/accounts/{username}/token</c> (system accounts). With MCIAS every route answers 409. The rules and
/// the audit are <see cref="AccountAdminService"/>'s; passwords and tokens are never logged.
/// </summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AdminRoutes.Accounts, ListAsync).RequireAdmin();
        app.MapPost(AdminRoutes.Accounts, CreateAsync).RequireAdmin();
        app.MapGet(AdminRoutes.Account, GetAsync).RequireAdmin();
        app.MapPost(AdminRoutes.AccountDisable, DisableAsync).RequireAdmin();
        app.MapPost(AdminRoutes.AccountEnable, EnableAsync).RequireAdmin();
        app.MapPut(AdminRoutes.AccountPassword, SetPasswordAsync).RequireAdmin();
        app.MapPost(AdminRoutes.AccountToken, IssueTokenAsync).RequireAdmin();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AccountAdminService service)
    {
        var result = await service.ListAsync(http.RequestAborted);
        return result.ToResult(accounts => AdminHttp.Json(
            new AccountListResponse([.. accounts.Select(AccountResponse.From)]), AdminJsonContext.Default.AccountListResponse));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AccountAdminService service)
    {
        var (input, error) = await AdminHttp.ReadJsonAsync(http.Request, AdminJsonContext.Default.AccountInput);
        if (input is null)
        {
            return error!;
        }
        var result = await service.CreateAsync(http.Caller(), input, http.RequestAborted);
        return result.ToResult(account =>
        {
            http.Response.Headers.Location = $"{AdminRoutes.Accounts}/{account.Username}";
            return Account(account, StatusCodes.Status201Created);
        });
    }

    private static async Task<IResult> GetAsync(HttpContext http, string username, AccountAdminService service) =>
        (await service.GetAsync(username, http.RequestAborted)).ToResult(account => Account(account));

    private static async Task<IResult> DisableAsync(HttpContext http, string username, AccountAdminService service) =>
        (await service.DisableAsync(http.Caller(), username, http.RequestAborted)).ToResult(account => Account(account));

    private static async Task<IResult> EnableAsync(HttpContext http, string username, AccountAdminService service) =>
        (await service.EnableAsync(http.Caller(), username, http.RequestAborted)).ToResult(account => Account(account));

    private static async Task<IResult> SetPasswordAsync(HttpContext http, string username, AccountAdminService service)
    {
        var (input, error) = await AdminHttp.ReadJsonAsync(http.Request, AdminJsonContext.Default.PasswordInput);
        if (input is null)
        {
            return error!;
        }
        var result = await service.SetPasswordAsync(http.Caller(), username, input.Password, http.RequestAborted);
        return result.ToResult(account => Account(account));
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, string username, AccountAdminService service)
    {
        var result = await service.IssueTokenAsync(http.Caller(), username, http.RequestAborted);
        return result.ToResult(token => AdminHttp.Json(token, AdminJsonContext.Default.SystemToken, StatusCodes.Status201Created));
    }

    private static IResult Account(Infrastructure.Identity.Embedded.Account account, int statusCode = StatusCodes.Status200OK) =>
        AdminHttp.Json(AccountResponse.From(account), AdminJsonContext.Default.AccountResponse, statusCode);
}
