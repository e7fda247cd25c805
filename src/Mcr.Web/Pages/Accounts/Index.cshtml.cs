using Grpc.Core;
using Mcr.Protocol.V1;
using Mcr.Web.Registry;
using Microsoft.AspNetCore.Mvc;
using GrpcStatus = Grpc.Core.StatusCode;

namespace Mcr.Web.Pages.Accounts;

/// <summary>
/// Accounts of the embedded identity provider (<c>AccountService</c>, admin only): list, create, disable/enable,
/// and a system account's long-lived token, shown once in the answer to the POST and never stored.
/// </summary>
public sealed class IndexModel : McrPageModel
{
    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    [BindProperty]
    public NewAccount Form { get; set; } = new();

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Set once, in the page that answers "issue token".</summary>
    public SystemToken? IssuedToken { get; private set; }

    public string? IssuedFor { get; private set; }

    /// <summary>With MCIAS the registry keeps no accounts: this page says so.</summary>
    public string? ManagedElsewhere { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var username = (Form.Username ?? "").Trim();
        if (username.Length == 0)
        {
            Errors["username"] = "A user name is required.";
        }
        if (Form.Type is not ("human" or "system"))
        {
            Errors["type"] = "Human or system.";
        }
        if (Form.Role is not ("admin" or "user" or "guest"))
        {
            Errors["role"] = "Admin, user or guest.";
        }
        if (Form.Type == "human" && (Form.Password ?? "").Length < 12)
        {
            Errors["password"] = "A human account needs a password of at least 12 characters.";
        }
        if (Errors.Count == 0)
        {
            var request = new CreateAccountRequest { Username = username, Type = Form.Type };
            request.Roles.Add(Form.Role);
            if (!string.IsNullOrEmpty(Form.Password))
            {
                request.Password = Form.Password;
            }
            try
            {
                var account = await Registry.Accounts.CreateAccountAsync(request);
                Flash($"Account {account.Username} created.");
                return Redirect("/accounts");
            }
            catch (RpcException e) when (e.StatusCode is GrpcStatus.InvalidArgument or GrpcStatus.AlreadyExists)
            {
                var field = e.Status.Detail.Contains("password", StringComparison.OrdinalIgnoreCase) ? "password"
                    : e.Status.Detail.Contains("role", StringComparison.OrdinalIgnoreCase) ? "role" : "username";
                Errors[field] = RegistryFailure.FromRpc(e, HttpContext.RequestServices.GetRequiredService<RegistryConnection>()).Message;
            }
        }
        Form.Password = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string username)
    {
        await Registry.Accounts.DisableAccountAsync(new DisableAccountRequest { Username = username });
        Flash($"Account {username} disabled: it cannot sign in, and its tokens are refused.");
        return Redirect("/accounts");
    }

    public async Task<IActionResult> OnPostEnableAsync(string username)
    {
        await Registry.Accounts.EnableAccountAsync(new EnableAccountRequest { Username = username });
        Flash($"Account {username} enabled.");
        return Redirect("/accounts");
    }

    public async Task<IActionResult> OnPostTokenAsync(string username)
    {
        IssuedToken = await Registry.Accounts.IssueSystemTokenAsync(new IssueSystemTokenRequest { Username = username });
        IssuedFor = username;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        try
        {
            Accounts = (await Registry.Accounts.ListAccountsAsync(new ListAccountsRequest())).Accounts;
        }
        catch (RpcException e) when (e.StatusCode == GrpcStatus.FailedPrecondition)
        {
            ManagedElsewhere = "This registry uses MCIAS: accounts are managed there.";
        }
    }
}

/// <summary>The create form.</summary>
public sealed class NewAccount
{
    public string? Username { get; set; }

    public string Type { get; set; } = "human";

    public string Role { get; set; } = "user";

    public string? Password { get; set; }
}
