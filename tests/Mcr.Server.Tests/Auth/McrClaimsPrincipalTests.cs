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
}
