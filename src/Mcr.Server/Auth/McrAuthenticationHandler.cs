using System.Text.Encodings.Web;
using Mcr.Core.Errors;
using Mcr.Infrastructure.Identity;
using Mcr.Server.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Mcr.Server.Auth;

/// <summary>
/// Authenticates every request from its <c>Authorization</c> header (Bearer token or Basic
/// credentials) and writes the challenges: on <c>/v2</c> a 401 with the OCI body and
/// <c>WWW-Authenticate: Bearer realm=…</c>, elsewhere <c>{"error"}</c>. An unreachable identity
/// service answers 503, never 401, so clients do not discard good credentials.
/// </summary>
internal sealed class McrAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    Authenticator authenticator,
    AuthChallenge challenge)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        AuthOutcome outcome;
        if (BasicCredentials.TryParseBearer(header, out ReadOnlyMemory<char> token))
        {
            outcome = await authenticator.AuthenticateTokenAsync(token, Context.RequestAborted);
        }
        else if (BasicCredentials.TryParse(header, out var username, out var password))
        {
            outcome = await authenticator.AuthenticatePasswordAsync(username, password, Context.RequestAborted);
        }
        else
        {
            outcome = AuthOutcome.Fail(IdentityStatus.InvalidCredentials, "unsupported authorization header");
        }

        if (outcome.Succeeded)
        {
            var principal = new McrClaimsPrincipal(outcome.Principal!);
            return AuthenticateResult.Success(new AuthenticationTicket(principal, McrAuthentication.Scheme));
        }
        Context.Items[McrAuthentication.OutcomeKey] = outcome;
        if (outcome.Status == IdentityStatus.Unavailable)
        {
            Log.IdentityUnavailable(Logger, outcome.Message ?? "");
        }
        return AuthenticateResult.Fail(outcome.Message ?? "invalid credentials");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var outcome = Context.Items[McrAuthentication.OutcomeKey] as AuthOutcome;
        if (outcome?.Status == IdentityStatus.Unavailable)
        {
            await WriteErrorAsync(OciErrorCode.Unavailable, "identity service unavailable, try again later", 503);
            return;
        }
        if (outcome?.Status == IdentityStatus.Denied)
        {
            await WriteErrorAsync(OciErrorCode.Denied, outcome.Message ?? "login denied by the identity service", 403);
            return;
        }
        challenge.Apply(Context);
        await WriteErrorAsync(OciErrorCode.Unauthorized, outcome is null ? "authentication required" : "invalid credentials", 401);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteErrorAsync(OciErrorCode.Denied, "requested access to the resource is denied", 403);

    private Task WriteErrorAsync(OciErrorCode code, string message, int status) =>
        Request.Path.StartsWithSegments("/v2")
            ? OciErrorResult.WriteAsync(Response, code, message, status: status)
            : AdminErrorResult.WriteAsync(Response, status, message);
}
