using Mcr.Core.Errors;
using Mcr.Infrastructure.Identity;
using Mcr.Server.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Mcr.Server.Auth;

/// <summary>
/// What the authorization middleware sends when the fallback policy finds no authenticated caller: on
/// <c>/v2</c> a 401 with the OCI body and <c>WWW-Authenticate: Bearer realm=…</c>, elsewhere
/// <c>{"error"}</c>. An identity service that could not be reached answers 503, never 401, so clients do
/// not discard good credentials; a login it refused answers 403. The reason is the outcome
/// <see cref="McrAuthenticationMiddleware"/> left for the request.
/// </summary>
internal sealed class McrAuthorizationResultHandler(AuthChallenge challenge) : IAuthorizationMiddlewareResultHandler
{
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            return next(context);
        }
        if (authorizeResult.Forbidden)
        {
            return WriteErrorAsync(context, OciErrorCode.Denied, "requested access to the resource is denied", StatusCodes.Status403Forbidden);
        }
        var outcome = context.Items[McrAuthentication.OutcomeKey] as AuthOutcome;
        switch (outcome?.Status)
        {
            case IdentityStatus.Unavailable:
                return WriteErrorAsync(context, OciErrorCode.Unavailable, "identity service unavailable, try again later", StatusCodes.Status503ServiceUnavailable);
            case IdentityStatus.Denied:
                return WriteErrorAsync(context, OciErrorCode.Denied, outcome.Message ?? "login denied by the identity service", StatusCodes.Status403Forbidden);
            default:
                challenge.Apply(context);
                return WriteErrorAsync(context, OciErrorCode.Unauthorized, outcome is null ? "authentication required" : "invalid credentials", StatusCodes.Status401Unauthorized);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, OciErrorCode code, string message, int status) =>
        context.Request.Path.StartsWithSegments("/v2")
            ? OciErrorResult.WriteAsync(context.Response, code, message, status: status)
            : AdminErrorResult.WriteAsync(context.Response, status, message);
}
