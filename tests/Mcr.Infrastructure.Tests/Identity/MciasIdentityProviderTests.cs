using System.Security.Authentication;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Identity;
using Mcr.Infrastructure.Identity.Mcias;
using Mcr.Testing.Mcias;

namespace Mcr.Infrastructure.Tests.Identity;

public sealed class MciasIdentityProviderTests : IAsyncLifetime
{
    private MciasHarness _mcias = null!;

    public async Task InitializeAsync()
    {
        _mcias = await MciasHarness.StartAsync();
        _mcias.Server.AddUser("alice", "correct horse battery", ["user", "admin"]);
        _mcias.Server.AddUser("ci", "ci-password-123456", ["user"], accountType: "system");
        _mcias.Server.AddUser("mallory", "mallory-password", ["user"], deniedWith: "account not permitted on service mcr-test");
        _mcias.Server.AddUser("eve", "eve-password-1234", ["user"], denied: true);
    }

    public async Task DisposeAsync() => await _mcias.DisposeAsync();

    [Fact]
    public async Task LoginAsync_ValidCredentials_ReturnsTokenAndSendsServiceAndTags()
    {
        var result = await _mcias.Client().LoginAsync("alice", "correct horse battery");

        Assert.Equal(IdentityStatus.Ok, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Token));
        Assert.Equal(_mcias.Time.GetUtcNow() + TimeSpan.FromHours(1), result.ExpiresAt);
        var body = _mcias.Server.LastLoginBody!;
        Assert.Equal("alice", (string?)body["username"]);
        Assert.Equal("mcr-test", (string?)body["service_name"]);
        Assert.Equal(["env:test", "team:platform"], body["tags"]!.AsArray().Select(tag => (string?)tag));
    }

    [Fact]
    public async Task LoginAsync_WrongPassword_InvalidCredentials()
    {
        var result = await _mcias.Client().LoginAsync("alice", "wrong password");

        Assert.Equal(IdentityStatus.InvalidCredentials, result.Status);
        Assert.Null(result.Token);
    }

    [Fact]
    public async Task LoginAsync_EmptyPassword_InvalidCredentialsWithoutCallingMcias()
    {
        var result = await _mcias.Client().LoginAsync("alice", "");

        Assert.Equal(IdentityStatus.InvalidCredentials, result.Status);
        Assert.Equal(0, _mcias.Server.LoginCalls);
    }

    [Fact]
    public async Task LoginAsync_DeniedByPolicy_DeniedWithMciasMessage()
    {
        var result = await _mcias.Client().LoginAsync("mallory", "mallory-password");

        Assert.Equal(IdentityStatus.Denied, result.Status);
        Assert.Contains("MCIAS policy", result.Message);
        Assert.Contains("account not permitted on service mcr-test", result.Message);
    }

    [Fact]
    public async Task LoginAsync_DeniedWithoutBody_DeniedWithGenericMessage()
    {
        var result = await _mcias.Client().LoginAsync("eve", "eve-password-1234");

        Assert.Equal(IdentityStatus.Denied, result.Status);
        Assert.Equal("login denied by MCIAS policy", result.Message);
    }

    [Fact]
    public async Task ValidateAsync_ValidToken_ReturnsPrincipal()
    {
        var client = _mcias.Client();
        var login = await client.LoginAsync("ci", "ci-password-123456");

        var result = await client.ValidateAsync(login.Token!);

        Assert.Equal(IdentityStatus.Ok, result.Status);
        var principal = result.Principal!;
        Assert.Equal(_mcias.Server.SubjectOf("ci"), principal.Subject);
        Assert.Equal("ci", principal.Username);
        Assert.Equal(AccountType.System, principal.AccountType);
        Assert.Equal(["user"], principal.Roles);
        Assert.Equal(login.ExpiresAt, principal.ExpiresAt);
        Assert.False(principal.IsAdmin);
    }

    [Fact]
    public async Task ValidateAsync_NoUsernameField_UsernameIsSubject()
    {
        _mcias.Server.IncludeUsername = false;
        var client = _mcias.Client();
        var login = await client.LoginAsync("alice", "correct horse battery");

        var principal = (await client.ValidateAsync(login.Token!)).Principal!;

        Assert.Equal(principal.Subject, principal.Username);
        Assert.Equal(AccountType.Human, principal.AccountType);
        Assert.True(principal.IsAdmin);
    }

    [Fact]
    public async Task ValidateAsync_UnknownToken_InvalidCredentials()
    {
        var result = await _mcias.Client().ValidateAsync("not-a-token");

        Assert.Equal(IdentityStatus.InvalidCredentials, result.Status);
        Assert.Null(result.Principal);
    }

    [Fact]
    public async Task LogoutAsync_SendsBearerAndRevokes_ValidateThenInvalid()
    {
        var client = _mcias.Client();
        var token = (await client.LoginAsync("alice", "correct horse battery")).Token!;

        var status = await client.LogoutAsync(token);

        Assert.Equal(IdentityStatus.Ok, status);
        Assert.Equal($"Bearer {token}", _mcias.Server.LastLogoutAuthorization);
        Assert.Equal(IdentityStatus.InvalidCredentials, (await client.ValidateAsync(token)).Status);
    }

    [Fact]
    public async Task LogoutAsync_UnknownToken_Ok()
    {
        Assert.Equal(IdentityStatus.Ok, await _mcias.Client().LogoutAsync("never-issued"));
    }

    [Fact]
    public async Task ValidateAsync_TokenExpiredByClock_InvalidCredentials()
    {
        var client = _mcias.Client();
        var token = (await client.LoginAsync("alice", "correct horse battery")).Token!;
        _mcias.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(IdentityStatus.InvalidCredentials, (await client.ValidateAsync(token)).Status);
    }

    [Fact]
    public async Task AllCalls_ServerStopped_UnavailableNotInvalidCredentials()
    {
        var client = _mcias.Client();
        var token = (await client.LoginAsync("alice", "correct horse battery")).Token!;
        await _mcias.Server.StopAsync();

        var login = await client.LoginAsync("alice", "correct horse battery");
        var validate = await client.ValidateAsync(token);
        var logout = await client.LogoutAsync(token);

        Assert.Equal(IdentityStatus.Unavailable, login.Status);
        Assert.StartsWith("identity service (MCIAS) unreachable", login.Message);
        Assert.Equal(IdentityStatus.Unavailable, validate.Status);
        Assert.StartsWith("identity service (MCIAS) unreachable", validate.Message);
        Assert.Equal(IdentityStatus.Unavailable, logout);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task AllCalls_ServerError_Unavailable(int status)
    {
        _mcias.Server.ForcedStatus = status;
        var client = _mcias.Client();

        Assert.Equal(IdentityStatus.Unavailable, (await client.LoginAsync("alice", "correct horse battery")).Status);
        Assert.Equal(IdentityStatus.Unavailable, (await client.ValidateAsync("some-token")).Status);
        Assert.Equal(IdentityStatus.Unavailable, await client.LogoutAsync("some-token"));
    }

    [Fact]
    public async Task LoginAsync_ServerCertificateFromOtherCa_Unavailable()
    {
        using var other = new TestCertificateAuthority("someone else's CA");
        var otherCa = other.WriteCaPem(_mcias.Directory.Combine("other-ca.pem"));

        var result = await _mcias.Client(otherCa).LoginAsync("alice", "correct horse battery");

        Assert.Equal(IdentityStatus.Unavailable, result.Status);
        Assert.Equal(0, _mcias.Server.LoginCalls);
    }

    [Fact]
    public async Task LoginAsync_ServerOffersOnlyTls12_Unavailable()
    {
        await using var tls12 = await MciasHarness.StartAsync(SslProtocols.Tls12);
        tls12.Server.AddUser("alice", "correct horse battery", ["user"]);

        var result = await tls12.Client().LoginAsync("alice", "correct horse battery");

        Assert.Equal(IdentityStatus.Unavailable, result.Status);
        Assert.Equal(0, tls12.Server.LoginCalls);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8443")]
    [InlineData("not a url")]
    [InlineData("")]
    public void Constructor_NotHttpsUrl_Throws(string url)
    {
        var options = new MciasOptions { ServerUrl = url };

        var error = Assert.Throws<ArgumentException>(() => new MciasIdentityProvider(options, TimeProvider.System));
        Assert.Contains("mcias.server_url", error.Message);
    }

    [Fact]
    public void Constructor_MissingCaFile_ThrowsNamingKey()
    {
        var options = _mcias.Options(_mcias.Directory.Combine("missing.pem"));

        var error = Assert.Throws<ArgumentException>(() => new MciasIdentityProvider(options, TimeProvider.System));
        Assert.Contains("mcias.ca_cert", error.Message);
    }

    [Fact]
    public void Constructor_CaFileWithoutCertificate_Throws()
    {
        var path = _mcias.Directory.Combine("empty.pem");
        File.WriteAllText(path, "no certificate here\n");

        Assert.Throws<ArgumentException>(() => new MciasIdentityProvider(_mcias.Options(path), TimeProvider.System));
    }
}
