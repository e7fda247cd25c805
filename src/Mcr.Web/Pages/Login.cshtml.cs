using Grpc.Core;
using Mcr.Protocol.V1;
using Mcr.Web.Registry;
using Mcr.Web.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using GrpcStatus = Grpc.Core.StatusCode;

namespace Mcr.Web.Pages;

/// <summary>
/// Sign-in through <c>AdminService.Login</c>. The token goes into the session cookie, which expires with it; what the
/// registry lets the user do is asked once, here: an admin may list policy rules, and the embedded identity provider
/// answers <c>ListAccounts</c> (with MCIAS it answers FAILED_PRECONDITION).
/// </summary>
public sealed class LoginModel(RegistryConnection connection, ILogger<LoginModel> logger) : McrPageModel
{
    [BindProperty]
    public string Username { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    public IActionResult OnGet(string? reason)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturnUrl());
        }
        Notice = reason switch
        {
            "expired" => "Your session has expired or was revoked. Sign in again.",
            "signedout" => "You have signed out.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Username = Username.Trim();
        if (Username.Length == 0 || Password.Length == 0)
        {
            Error = "Enter your user name and password.";
            return Page();
        }
        var anonymous = new RegistryClient(connection, token: null, HttpContext.RequestAborted);
        LoginResponse login;
        try
        {
            login = await anonymous.Admin.LoginAsync(new LoginRequest { Username = Username, Password = Password });
        }
        catch (RpcException e)
        {
            Error = e.StatusCode switch
            {
                GrpcStatus.Unauthenticated => "Wrong user name or password.",
                GrpcStatus.PermissionDenied => RegistryFailure.FromRpc(e, connection).Message,
                GrpcStatus.InvalidArgument => RegistryFailure.FromRpc(e, connection).Message,
                _ => RegistryFailure.FromRpc(e, connection).Message,
            };
            Log.SignInFailed(logger, Username, e.StatusCode);
            Password = "";
            return Page();
        }

        var session = new RegistryClient(connection, login.Token, HttpContext.RequestAborted);
        var admin = await AllowsAsync(() => session.Policy.ListPolicyRulesAsync(new ListPolicyRulesRequest { Page = new PageRequest { N = 1 } }).ResponseAsync);
        var accounts = admin && await AllowsAsync(() => session.Accounts.ListAccountsAsync(new ListAccountsRequest()).ResponseAsync);
        var expires = login.ExpiresAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow.AddHours(1);
        await HttpContext.SignInAsync(SessionUser.Scheme, SessionUser.Create(Username, login.Token, admin, accounts),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = expires, AllowRefresh = false });
        Log.SignedIn(logger, Username, admin);
        return LocalRedirect(SafeReturnUrl());
    }

    /// <summary>Whether the registry answers the call; any failure counts as no (the pages stay hidden).</summary>
    private static async Task<bool> AllowsAsync(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    private string SafeReturnUrl() =>
        ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) && !url.StartsWith("/login", StringComparison.OrdinalIgnoreCase)
            && !url.StartsWith("/error", StringComparison.OrdinalIgnoreCase) ? url : "/";
}
