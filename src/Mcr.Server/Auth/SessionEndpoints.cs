using System.Text.Json;
using Mcr.Infrastructure.Identity;
using Mcr.Server.Errors;
using Mcr.Server.Hosting;

namespace Mcr.Server.Auth;

/// <summary><c>POST /v1/auth/login</c> (JSON credentials → token) and <c>POST /v1/auth/logout</c> (revoke the bearer token).</summary>
internal static class SessionEndpoints
{
    public const string LoginRoute = "/v1/auth/login";
    public const string LogoutRoute = "/v1/auth/logout";

    /// <summary>Admin JSON bodies are small; anything bigger is refused before parsing.</summary>
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(LoginRoute, LoginAsync).AllowAnonymous();
        app.MapPost(LogoutRoute, LogoutAsync);
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, Sessions sessions)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return new AdminErrorResult(413, "request body too large");
        }
        // A chunked body has no Content-Length to check: cap what is read, too.
        context.Request.LimitBody(MaxBodyBytes);
        LoginRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, McrJsonContext.Default.LoginRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            return new AdminErrorResult(400, "body must be JSON {\"username\": \"...\", \"password\": \"...\"}");
        }
        if (string.IsNullOrEmpty(request?.Username) || string.IsNullOrEmpty(request.Password))
        {
            return new AdminErrorResult(400, "username and password are required");
        }

        var outcome = await sessions.LoginAsync(context, request.Username, request.Password, "v1_login", context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return outcome.Status switch
            {
                IdentityStatus.Unavailable => new AdminErrorResult(503, "identity service unavailable, try again later"),
                IdentityStatus.Denied => new AdminErrorResult(403, outcome.Message ?? "login denied by the identity service"),
                _ => new AdminErrorResult(401, "invalid username or password"),
            };
        }
        return TypedResults.Json(new LoginResponse(outcome.Token!, outcome.ExpiresAt), McrJsonContext.Default.LoginResponse);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, Authenticator authenticator)
    {
        if (!BasicCredentials.TryParseBearer(context.Request.Headers.Authorization, out string? token))
        {
            return new AdminErrorResult(400, "logout revokes the bearer token of the request; send Authorization: Bearer <token>");
        }
        await authenticator.LogoutAsync(token, context.RequestAborted);
        return TypedResults.NoContent();
    }
}
