using System.Security.Claims;

namespace Mcr.Web.Session;

/// <summary>
/// What the session cookie carries (encrypted and signed by the framework's data protection, with a key that lives
/// only in this process): the registry token, the user name, and what the registry let the user do at login.
/// </summary>
public static class SessionUser
{
    public const string Scheme = "mcr-session";
    public const string CookieName = "__Host-mcr-session";
    public const string AdminPolicy = "admin";

    public const string TokenClaim = "mcr:token";
    public const string AdminClaim = "mcr:admin";
    public const string AccountsClaim = "mcr:accounts";

    public static string? TokenOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user.FindFirstValue(TokenClaim) : null;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.HasClaim(AdminClaim, "true");

    /// <summary>The embedded identity provider answers AccountService (with MCIAS accounts live there).</summary>
    public static bool HasAccounts(this ClaimsPrincipal user) => user.HasClaim(AccountsClaim, "true");

    public static ClaimsPrincipal Create(string username, string token, bool admin, bool accounts)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, username),
                new Claim(TokenClaim, token),
                new Claim(AdminClaim, admin ? "true" : "false"),
                new Claim(AccountsClaim, accounts ? "true" : "false"),
            ],
            Scheme);
        return new ClaimsPrincipal(identity);
    }
}
