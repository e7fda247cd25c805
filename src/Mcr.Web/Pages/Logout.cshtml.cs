using Grpc.Core;
using Mcr.Protocol.V1;
using Mcr.Web.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Mcr.Web.Pages;

/// <summary>Sign-out: the registry revokes the token (<c>AdminService.Logout</c>), then the cookie goes.</summary>
public sealed class LogoutModel : McrPageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            await Registry.Admin.LogoutAsync(new LogoutRequest());
        }
        catch (RpcException)
        {
            // Unreachable or already expired: the cookie goes all the same, and the token expires on its own.
        }
        await HttpContext.SignOutAsync(SessionUser.Scheme);
        return Redirect("/login?reason=signedout");
    }
}
