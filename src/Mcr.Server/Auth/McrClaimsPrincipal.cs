using System.Security.Claims;
using Mcr.Core.Identity;

namespace Mcr.Server.Auth;

/// <summary>The authenticated caller as ASP.NET sees it, carrying MCR's <see cref="Core.Identity.Principal"/>.</summary>
public sealed class McrClaimsPrincipal : ClaimsPrincipal
{
    public McrClaimsPrincipal(Principal principal)
        : base(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, principal.Subject),
                new Claim(ClaimTypes.Name, principal.Username),
                .. principal.Roles.Select(role => new Claim(ClaimTypes.Role, role)),
            ],
            McrAuthentication.Scheme))
    {
        Principal = principal;
    }

    public Principal Principal { get; }
}

public static class HttpContextPrincipalExtensions
{
    /// <summary>The authenticated caller. Only call on endpoints that require authentication.</summary>
    public static Principal GetPrincipal(this HttpContext context) =>
        (context.User as McrClaimsPrincipal)?.Principal
        ?? throw new InvalidOperationException("endpoint reached without an authenticated principal");

    /// <summary>The client address for audit records.</summary>
    public static string? ClientIp(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
