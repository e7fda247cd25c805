using Mcr.Core.Identity;
using Mcr.Infrastructure.Identity;

namespace Mcr.Infrastructure.Tests.Identity;

/// <summary>The personal-access-token pattern: a token sent as the Basic password (embedded provider, no hashing).</summary>
public sealed class CredentialCacheTokenPasswordTests : IDisposable
{
    private readonly EmbeddedHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task AuthenticateAsync_SystemTokenAsPassword_PrincipalOfTokenWithoutLogin()
    {
        var accounts = _harness.Accounts();
        await accounts.AddAsync("ci", AccountType.System, [Roles.User], password: null);
        var token = (await accounts.IssueSystemTokenAsync("ci")).Token!;
        var credentials = new CredentialCache(_harness.Time);
        var identity = new CachingIdentityProvider(_harness.Provider(), _harness.Time, credentials);

        var result = await credentials.AuthenticateAsync(identity, "oauth2accesstoken", token);

        Assert.Equal(IdentityStatus.Ok, result.Status);
        Assert.Equal("ci", result.Credential!.Principal.Username);
        Assert.Equal(token, result.Credential.Token);
    }

    [Fact]
    public async Task AuthenticateAsync_RevokedTokenAsPassword_InvalidCredentials()
    {
        var accounts = _harness.Accounts();
        await accounts.AddAsync("ci", AccountType.System, [Roles.User], password: null);
        var token = (await accounts.IssueSystemTokenAsync("ci")).Token!;
        var credentials = new CredentialCache(_harness.Time);
        var identity = new CachingIdentityProvider(_harness.Provider(), _harness.Time, credentials);
        Assert.Equal(IdentityStatus.Ok, (await credentials.AuthenticateAsync(identity, "ci", token)).Status);

        await identity.LogoutAsync(token);
        var after = await credentials.AuthenticateAsync(identity, "ci", token);

        Assert.Equal(IdentityStatus.InvalidCredentials, after.Status);
    }
}
