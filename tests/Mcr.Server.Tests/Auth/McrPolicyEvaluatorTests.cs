using System.Security.Claims;
using Mcr.Core.Identity;
using Mcr.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// The fallback policy is decided by MCR's evaluator and must answer exactly as the framework's would;
/// every other policy must reach the framework's evaluator.
/// </summary>
public sealed class McrPolicyEvaluatorTests : IDisposable
{
    private static readonly AuthorizationPolicy _fallback = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    private static readonly Principal _alice = new("0b5e", "alice", AccountType.Human, ["user"], DateTimeOffset.UnixEpoch);

    private readonly ServiceProvider _services;
    private readonly PolicyEvaluator _framework;
    private readonly McrPolicyEvaluator _evaluator;

    public McrPolicyEvaluatorTests()
    {
        _services = new ServiceCollection().AddLogging().AddAuthorization().BuildServiceProvider();
        _framework = new PolicyEvaluator(_services.GetRequiredService<IAuthorizationService>());
        _evaluator = new McrPolicyEvaluator(_framework);
    }

    public void Dispose() => _services.Dispose();

    public static TheoryData<string> Callers => ["anonymous", "mcr", "other authenticated", "unauthenticated identity", "second identity authenticated"];

    private static ClaimsPrincipal Caller(string kind) => kind switch
    {
        "anonymous" => new ClaimsPrincipal(new ClaimsIdentity()),
        "mcr" => new McrClaimsPrincipal(_alice),
        "other authenticated" => new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "bob")], "test")),
        "unauthenticated identity" => new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "eve")])),
        "second identity authenticated" => new ClaimsPrincipal([new ClaimsIdentity(), new ClaimsIdentity("test")]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task FallbackPolicy_AnswersAsTheFrameworkDoes(string caller)
    {
        Assert.True(McrPolicyEvaluator.OnlyRequiresAuthenticatedCaller(_fallback));
        var expected = await DecideAsync(_framework, _fallback, caller);
        var actual = await DecideAsync(_evaluator, _fallback, caller);

        Assert.Equal(expected, actual);
        Assert.Equal(caller is "anonymous" or "unauthenticated identity" ? "challenge" : "success", actual);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task OtherPolicies_GoToTheFrameworksEvaluator(string caller)
    {
        // A role requirement can forbid an authenticated caller, which the fallback policy never does.
        var adminsOnly = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole("admin").Build();
        Assert.False(McrPolicyEvaluator.OnlyRequiresAuthenticatedCaller(adminsOnly));

        var actual = await DecideAsync(_evaluator, adminsOnly, caller);

        Assert.Equal(await DecideAsync(_framework, adminsOnly, caller), actual);
        // (the framework authenticates the primary identity only: a second, authenticated one is challenged)
        Assert.Equal(caller is "mcr" or "other authenticated" ? "forbid" : "challenge", actual);
    }

    [Fact]
    public void PolicyNamingAScheme_IsNotTheFallbackShape()
    {
        var withScheme = new AuthorizationPolicyBuilder("Bearer").RequireAuthenticatedUser().Build();
        Assert.False(McrPolicyEvaluator.OnlyRequiresAuthenticatedCaller(withScheme));
    }

    private static async Task<string> DecideAsync(IPolicyEvaluator evaluator, AuthorizationPolicy policy, string caller)
    {
        var context = new DefaultHttpContext { User = Caller(caller) };
        var authentication = await evaluator.AuthenticateAsync(policy, context);
        var result = await evaluator.AuthorizeAsync(policy, authentication, context, resource: null);
        return result switch
        {
            { Succeeded: true } => "success",
            { Challenged: true } => "challenge",
            { Forbidden: true } => "forbid",
            _ => "none",
        };
    }
}
