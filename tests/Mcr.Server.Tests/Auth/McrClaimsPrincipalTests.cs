using System.Security.Claims;
using Mcr.Core.Identity;
using Mcr.Server.Auth;

namespace Mcr.Server.Tests.Auth;

public sealed class McrClaimsPrincipalTests
{
    private static readonly Principal _alice = new("0b5e", "alice", AccountType.Human, ["admin", "user"], DateTimeOffset.UnixEpoch);

    [Fact]
    public void Identity_IsAuthenticatedWithTheMcrScheme()
    {
        var principal = new McrClaimsPrincipal(_alice);

        Assert.True(principal.Identity!.IsAuthenticated);
        Assert.Equal(McrAuthentication.Scheme, principal.Identity.AuthenticationType);
        Assert.Same(_alice, principal.Principal);
    }

    [Fact]
    public void Claims_WhenRead_CarrySubjectNameAndRoles()
    {
        var principal = new McrClaimsPrincipal(_alice);

        Assert.Equal("alice", principal.Identity!.Name);
        Assert.Equal("0b5e", principal.FindFirst(ClaimTypes.NameIdentifier)?.Value);
        Assert.True(principal.IsInRole("admin"));
        Assert.True(principal.IsInRole("user"));
        Assert.False(principal.IsInRole("root"));
        Assert.All(principal.Claims, claim => Assert.Same(principal.Identity, claim.Subject));
        Assert.Same(principal.Claims.First(), principal.Claims.First()); // built once
    }

    [Fact]
    public void For_TheSamePrincipalObject_SharesOneClaimsPrincipal_AnEqualCopyGetsItsOwn()
    {
        var copy = _alice with { };

        var first = McrClaimsPrincipal.For(_alice);
        var again = McrClaimsPrincipal.For(_alice);
        var forCopy = McrClaimsPrincipal.For(copy);

        Assert.Same(first, again);
        Assert.Same(_alice, first.Principal);
        Assert.Equal(_alice, copy);
        Assert.NotSame(first, forCopy);
        Assert.Same(copy, forCopy.Principal);
    }

    [Fact]
    public async Task For_ManyRequestsAtOnce_AllGetTheSameAuthenticatedPrincipalWithItsClaims()
    {
        var bob = new Principal("b0b", "bob", AccountType.System, ["user"], DateTimeOffset.UnixEpoch);

        var seen = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            var principal = McrClaimsPrincipal.For(bob);
            return (principal, principal.IsInRole("user"), principal.Identity!.Name);
        })));

        Assert.Single(seen.Select(s => s.principal).Distinct());
        Assert.All(seen, s => Assert.True(s.Item2));
        Assert.All(seen, s => Assert.Equal("bob", s.Name));
    }
}
