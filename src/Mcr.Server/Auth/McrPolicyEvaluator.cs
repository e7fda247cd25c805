using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Mcr.Server.Auth;

/// <summary>
/// The authorization middleware's policy evaluator. The fallback policy (an authenticated caller, no
/// scheme) is decided here in one check of the caller <see cref="McrAuthenticationMiddleware"/> set; any
/// other policy goes to the framework's <see cref="PolicyEvaluator"/> unchanged.
/// </summary>
/// <remarks>
/// <para>For the fallback policy the framework's evaluator wraps the caller in a ticket and an
/// authentication result, sets them as request features, builds a handler context and a set of pending
/// requirements, and runs every registered handler over them, each step behind a task: more than a quarter
/// of what a manifest GET allocated, for the answer to "is the caller authenticated?".</para>
/// <para>The framework answers this policy through its pass-through handler, which calls the
/// requirement's own check (<see cref="DenyAnonymousAuthorizationRequirement"/> is its own handler): at
/// least one authenticated identity. This evaluator makes that check directly. Any other registered
/// handler would also run on the framework's path; none is, and a test keeps it so.</para>
/// </remarks>
internal sealed class McrPolicyEvaluator(PolicyEvaluator framework) : IPolicyEvaluator
{
    private static readonly Task<AuthenticateResult> _noResult = Task.FromResult(AuthenticateResult.NoResult());
    private static readonly Task<PolicyAuthorizationResult> _success = Task.FromResult(PolicyAuthorizationResult.Success());
    private static readonly Task<PolicyAuthorizationResult> _challenge = Task.FromResult(PolicyAuthorizationResult.Challenge());

    /// <summary>
    /// No scheme to run: the caller is already on <see cref="HttpContext.User"/>. The middleware then sets
    /// no authentication-result feature, which nothing in MCR reads.
    /// </summary>
    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context) =>
        OnlyRequiresAuthenticatedCaller(policy) ? _noResult : framework.AuthenticateAsync(policy, context);

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        if (!OnlyRequiresAuthenticatedCaller(policy))
        {
            return framework.AuthorizeAsync(policy, authenticationResult, context, resource);
        }
        // Failing this policy can only mean an anonymous caller, so the answer is a challenge, never a 403.
        return IsAuthenticated(context.User) ? _success : _challenge;
    }

    /// <summary>The shape of MCR's fallback policy: no scheme, one requirement, an authenticated caller.</summary>
    internal static bool OnlyRequiresAuthenticatedCaller(AuthorizationPolicy policy) =>
        policy.AuthenticationSchemes.Count == 0
        && policy.Requirements.Count == 1
        && policy.Requirements[0] is DenyAnonymousAuthorizationRequirement;

    private static bool IsAuthenticated(ClaimsPrincipal? user)
    {
        if (user is McrClaimsPrincipal)
        {
            return true; // its one identity is authenticated by construction; no enumerator to allocate
        }
        if (user?.Identity is null)
        {
            return false;
        }
        foreach (var identity in user.Identities)
        {
            if (identity.IsAuthenticated)
            {
                return true;
            }
        }
        return false;
    }
}
