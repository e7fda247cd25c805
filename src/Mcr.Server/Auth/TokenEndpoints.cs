using Mcr.Core.Errors;
using Mcr.Infrastructure.Identity;
using Mcr.Server.Errors;
using Mcr.Server.Hosting;

namespace Mcr.Server.Auth;

/// <summary>
/// The OCI/Docker token endpoint. <c>GET /v2/token</c> with Basic credentials, or the OAuth2 password
/// grant containerd sends as <c>POST</c> form (<c>grant_type=password&amp;username&amp;password&amp;scope</c>).
/// Scopes are accepted and ignored: the policy engine decides on each request.
/// </summary>
internal static class TokenEndpoints
{
    public const string Route = "/v2/token";

    /// <summary>A password grant is a handful of short fields (a token as password is at most 8 KiB).</summary>
    private const int MaxFormBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, GetAsync).AllowAnonymous();
        app.MapPost(Route, PostAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static Task<IResult> GetAsync(HttpContext context, Authenticator authenticator, LoginEvents logins, TimeProvider clock)
    {
        if (!BasicCredentials.TryParse(context.Request.Headers.Authorization, out var username, out var password))
        {
            return Task.FromResult<IResult>(Unauthorized(context, "basic credentials required"));
        }
        return IssueAsync(context, username, password, authenticator, logins, clock);
    }

    private static async Task<IResult> PostAsync(HttpContext context, Authenticator authenticator, LoginEvents logins, TimeProvider clock)
    {
        string? username = null, password = null;
        if (context.Request.HasFormContentType)
        {
            // Over the cap, Kestrel's 413 reaches the error middleware; too many or too long fields are a 400.
            context.Request.LimitBody(MaxFormBytes);
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                return OciResults.Error(OciErrorCode.Unsupported, "malformed or oversized form", status: 400);
            }
            if (form["grant_type"] is { Count: > 0 } grant && grant != "password")
            {
                return OciResults.Error(OciErrorCode.Unsupported, $"grant_type '{grant}' is not supported; use 'password'", status: 400);
            }
            username = form["username"];
            password = form["password"];
        }
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            if (!BasicCredentials.TryParse(context.Request.Headers.Authorization, out username, out password))
            {
                return Unauthorized(context, "username and password required");
            }
        }
        return await IssueAsync(context, username, password, authenticator, logins, clock);
    }

    private static async Task<IResult> IssueAsync(
        HttpContext context, string username, string password, Authenticator authenticator, LoginEvents logins, TimeProvider clock)
    {
        var outcome = await authenticator.AuthenticatePasswordAsync(username, password, context.RequestAborted);
        var now = clock.GetUtcNow();
        if (!outcome.Succeeded)
        {
            logins.Failed(context, username, outcome);
            return outcome.Status switch
            {
                IdentityStatus.Unavailable => OciResults.Error(OciErrorCode.Unavailable, "identity service unavailable, try again later"),
                IdentityStatus.Denied => OciResults.Error(OciErrorCode.Denied, outcome.Message ?? "login denied by the identity service"),
                _ => Unauthorized(context, "invalid username or password"),
            };
        }
        logins.Succeeded(context, outcome.Principal!, "token_endpoint");
        var expiresIn = (long)Math.Max(0, (outcome.ExpiresAt - now).TotalSeconds);
        return TypedResults.Json(new TokenResponse(outcome.Token!, outcome.Token!, expiresIn, now), McrJsonContext.Default.TokenResponse);
    }

    private static OciErrorResult Unauthorized(HttpContext context, string message)
    {
        // Every 401 under /v2 carries WWW-Authenticate; here the client must send Basic credentials.
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"mcr\"";
        return OciResults.Error(OciErrorCode.Unauthorized, message);
    }
}
