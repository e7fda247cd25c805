using System.Buffers.Text;
using System.Text.Json;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Identity;
using Mcr.Infrastructure.Identity.Embedded;

namespace Mcr.Infrastructure.Tests.Identity;

/// <summary>
/// Password logins against the embedded provider. Every login costs a real 600k-round PBKDF2, so the
/// accounts are created once for the class and each test does a single login.
/// </summary>
public sealed class EmbeddedLoginTests : IClassFixture<EmbeddedLoginTests.Accounts>
{
    private const string AlicePassword = "alice-password-123";
    private const string BobPassword = "bob-password-12345";

    private readonly Accounts _accounts;

    public EmbeddedLoginTests(Accounts accounts) => _accounts = accounts;

    [Fact]
    public async Task LoginAsync_CorrectPassword_IssuesSignedJwtThatValidates()
    {
        var provider = _accounts.Harness.Provider();
        var now = _accounts.Harness.Time.GetUtcNow();

        var login = await provider.LoginAsync("alice", AlicePassword);
        var validation = await provider.ValidateAsync(login.Token!);

        Assert.Equal(IdentityStatus.Ok, login.Status);
        Assert.Equal(now + _accounts.Harness.Options.TokenTtl, login.ExpiresAt);
        var principal = validation.Principal!;
        Assert.Equal(_accounts.Alice.Id, principal.Subject);
        Assert.Equal("alice", principal.Username);
        Assert.Equal(AccountType.Human, principal.AccountType);
        Assert.Equal([Roles.User, Roles.Admin], principal.Roles);
        Assert.Equal(login.ExpiresAt, principal.ExpiresAt);

        var parts = login.Token!.Split('.');
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        var claims = payload.RootElement;
        Assert.Equal("mcr", claims.GetProperty("iss").GetString());
        Assert.Equal(_accounts.Alice.Id, claims.GetProperty("sub").GetString());
        Assert.Equal("alice", claims.GetProperty("name").GetString());
        Assert.Equal("human", claims.GetProperty("account_type").GetString());
        Assert.Equal(["user", "admin"], claims.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
        Assert.Equal(now.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(login.ExpiresAt.ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task LoginAsync_WrongPassword_InvalidCredentials()
    {
        var login = await _accounts.Harness.Provider().LoginAsync("alice", BobPassword);

        Assert.Equal(IdentityStatus.InvalidCredentials, login.Status);
        Assert.Null(login.Token);
    }

    [Fact]
    public async Task LoginAsync_UnknownUser_InvalidCredentialsWithSameMessage()
    {
        var login = await _accounts.Harness.Provider().LoginAsync("nobody", AlicePassword);

        Assert.Equal(IdentityStatus.InvalidCredentials, login.Status);
        Assert.Equal("invalid username or password", login.Message);
    }

    [Fact]
    public async Task LoginAsync_DisabledAccountWithRightPassword_InvalidCredentials()
    {
        var login = await _accounts.Harness.Provider().LoginAsync("bob", BobPassword);

        Assert.Equal(IdentityStatus.InvalidCredentials, login.Status);
        Assert.Null(login.Token);
    }

    [Fact]
    public async Task LoginAsync_MalformedUsername_InvalidCredentials()
    {
        var login = await _accounts.Harness.Provider().LoginAsync("Alice'; --", AlicePassword);

        Assert.Equal(IdentityStatus.InvalidCredentials, login.Status);
    }

    [Fact]
    public async Task LoginAsync_EmptyPassword_InvalidCredentials()
    {
        var login = await _accounts.Harness.Provider().LoginAsync("alice", "");

        Assert.Equal(IdentityStatus.InvalidCredentials, login.Status);
    }

    public sealed class Accounts : IAsyncLifetime
    {
        internal EmbeddedHarness Harness { get; } = new();

        public Account Alice { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var service = Harness.Accounts();
            Alice = (await service.AddAsync("alice", AccountType.Human, [Roles.User, Roles.Admin], AlicePassword)).Account!;
            Assert.True((await service.AddAsync("bob", AccountType.Human, [Roles.User], BobPassword)).Succeeded);
            Assert.True((await service.DisableAsync("bob")).Succeeded);
        }

        public Task DisposeAsync()
        {
            Harness.Dispose();
            return Task.CompletedTask;
        }
    }
}
