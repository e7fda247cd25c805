using Mcr.Infrastructure.Identity;

namespace Mcr.Server.Auth;

/// <summary>
/// Authenticates every request from its <c>Authorization</c> header (Bearer token or Basic credentials)
/// and sets <see cref="HttpContext.User"/>. A failure leaves its outcome in
/// <see cref="McrAuthentication.OutcomeKey"/> for <see cref="McrAuthorizationResultHandler"/>, which
/// answers when the fallback policy finds no authenticated caller.
/// </summary>
/// <remarks>
/// In place of the framework's authentication middleware, which for MCR's one scheme built a handler
/// provider, an authentication service and a handler from the container for every request (by reflection
/// under Native AOT) and a ticket: 7 % of the server's CPU on a manifest GET against 3 % for the check
/// itself. A cached token is answered with no task at all.
/// </remarks>
internal sealed class McrAuthenticationMiddleware(RequestDelegate next, Authenticator authenticator, ILogger<McrAuthenticationMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        // gRPC calls are authenticated by the gRPC interceptors, from the same Authenticator.
        if (string.IsNullOrEmpty(header) || Grpc.GrpcListenerFeature.IsGrpcListener(context))
        {
            return next(context);
        }
        var check = authenticator.AuthenticateHeaderAsync(header, context.RequestAborted);
        if (!check.IsCompletedSuccessfully)
        {
            return AuthenticateThenNextAsync(context, check);
        }
        Apply(context, check.Result);
        return next(context);
    }

    private async Task AuthenticateThenNextAsync(HttpContext context, ValueTask<AuthOutcome> check)
    {
        Apply(context, await check);
        await next(context);
    }

    private void Apply(HttpContext context, AuthOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            context.User = McrClaimsPrincipal.For(outcome.Principal!);
            return;
        }
        context.Items[McrAuthentication.OutcomeKey] = outcome;
        if (outcome.Status == IdentityStatus.Unavailable)
        {
            Log.IdentityUnavailable(logger, outcome.Message ?? "");
        }
    }
}
