using Mcr.Infrastructure.Identity;

namespace Mcr.Infrastructure.Tests.Identity;

public sealed class CredentialCacheTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private MciasHarness _mcias = null!;
    private CredentialCache _credentials = null!;
    private CachingIdentityProvider _identity = null!;

    public async Task InitializeAsync()
    {
        _mcias = await MciasHarness.StartAsync();
        _mcias.Server.AddUser("alice", Password, ["user"]);
        _mcias.Server.AddUser("mallory", "mallory-password", ["user"], deniedWith: "no access to mcr");
        _credentials = new CredentialCache(_mcias.Time);
        _identity = new CachingIdentityProvider(_mcias.Client(), _mcias.Time, _credentials);
    }

    public async Task DisposeAsync() => await _mcias.DisposeAsync();

    [Fact]
    public async Task AuthenticateAsync_TwiceWithinTtl_LogsInOnce()
    {
        var first = await _credentials.AuthenticateAsync(_identity, "alice", Password);
        var second = await _credentials.AuthenticateAsync(_identity, "alice", Password);

        Assert.Equal(IdentityStatus.Ok, first.Status);
        Assert.Equal("alice", first.Credential!.Principal.Username);
        Assert.Equal(first.Credential, second.Credential);
        Assert.Equal(1, _mcias.Server.LoginCalls);
    }

    [Fact]
    public async Task AuthenticateAsync_After31Seconds_LogsInAgain()
    {
        await _credentials.AuthenticateAsync(_identity, "alice", Password);
        _mcias.Time.Advance(TimeSpan.FromSeconds(31));

        var again = await _credentials.AuthenticateAsync(_identity, "alice", Password);

        Assert.Equal(IdentityStatus.Ok, again.Status);
        Assert.Equal(2, _mcias.Server.LoginCalls);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongPasswordAfterSuccess_NotServedFromCache()
    {
        await _credentials.AuthenticateAsync(_identity, "alice", Password);

        var wrong = await _credentials.AuthenticateAsync(_identity, "alice", Password + "x");
        var wrongAgain = await _credentials.AuthenticateAsync(_identity, "alice", Password + "x");

        Assert.Equal(IdentityStatus.InvalidCredentials, wrong.Status);
        Assert.Equal(IdentityStatus.InvalidCredentials, wrongAgain.Status);
        Assert.Equal(3, _mcias.Server.LoginCalls);
    }

    [Fact]
    public async Task AuthenticateAsync_UsernamePasswordBoundaryShift_DifferentKeys()
    {
        // "alice" + "x..." must not collide with "alicex" + "...": the NUL separator keeps them apart.
        _mcias.Server.AddUser("alicex", Password[1..], ["user"]);
        await _credentials.AuthenticateAsync(_identity, "alice", "x" + Password[1..]);

        var other = await _credentials.AuthenticateAsync(_identity, "alicex", Password[1..]);

        Assert.Equal("alicex", other.Credential!.Principal.Username);
    }

    [Fact]
    public async Task AuthenticateAsync_Denied_ReportsDenied()
    {
        var result = await _credentials.AuthenticateAsync(_identity, "mallory", "mallory-password");

        Assert.Equal(IdentityStatus.Denied, result.Status);
        Assert.Contains("no access to mcr", result.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_MciasDown_Unavailable()
    {
        await _mcias.Server.StopAsync();

        var result = await _credentials.AuthenticateAsync(_identity, "alice", Password);

        Assert.Equal(IdentityStatus.Unavailable, result.Status);
    }

    [Theory]
    [InlineData("", Password)]
    [InlineData("alice", "")]
    public async Task AuthenticateAsync_EmptyParts_InvalidCredentialsWithoutLogin(string username, string password)
    {
        var result = await _credentials.AuthenticateAsync(_identity, username, password);

        Assert.Equal(IdentityStatus.InvalidCredentials, result.Status);
        Assert.Equal(0, _mcias.Server.LoginCalls);
    }

    [Fact]
    public async Task LogoutAsync_TokenFromBasicLogin_DropsCredentialEntry()
    {
        var first = await _credentials.AuthenticateAsync(_identity, "alice", Password);

        await _identity.LogoutAsync(first.Credential!.Token);
        var second = await _credentials.AuthenticateAsync(_identity, "alice", Password);

        Assert.NotEqual(first.Credential.Token, second.Credential!.Token);
        Assert.Equal(2, _mcias.Server.LoginCalls);
    }
}
