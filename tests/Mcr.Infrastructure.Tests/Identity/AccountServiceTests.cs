using Mcr.Core.Identity;
using Mcr.Infrastructure.Identity;
using Mcr.Infrastructure.Identity.Embedded;

namespace Mcr.Infrastructure.Tests.Identity;

public sealed class AccountServiceTests : IDisposable
{
    private const string Password = "a-long-enough-password";

    private readonly EmbeddedHarness _harness = new();
    private readonly AccountService _accounts;

    public AccountServiceTests() => _accounts = _harness.Accounts();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task AddAsync_HumanWithPassword_ListedWithoutSecrets()
    {
        var added = await _accounts.AddAsync("alice", AccountType.Human, [Roles.Admin, Roles.Admin, Roles.User], Password);
        await _accounts.AddAsync("ci", AccountType.System, [Roles.Guest], password: null);

        var list = await _accounts.ListAsync();

        Assert.True(added.Succeeded, added.Message);
        Assert.True(Guid.TryParse(added.Account!.Id, out _));
        Assert.Equal(["alice", "ci"], list.Select(account => account.Username));
        var alice = list[0];
        Assert.Equal(added.Account, alice with { Roles = added.Account.Roles });
        Assert.Equal([Roles.Admin, Roles.User], alice.Roles);
        Assert.Equal(AccountType.Human, alice.Type);
        Assert.True(alice.HasPassword);
        Assert.False(alice.Disabled);
        Assert.Equal(_harness.Time.GetUtcNow(), alice.CreatedAt);
        Assert.False(list[1].HasPassword);
        Assert.Equal(AccountType.System, list[1].Type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Alice")]
    [InlineData("-alice")]
    [InlineData(".alice")]
    [InlineData("al ice")]
    [InlineData("al/ice")]
    [InlineData("alice\n")]
    [InlineData("ålice")]
    [InlineData("a12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task AddAsync_InvalidUsername_Rejected(string username)
    {
        var result = await _accounts.AddAsync(username, AccountType.System, [Roles.User], null);

        Assert.Equal(AccountError.InvalidUsername, result.Error);
        Assert.Empty(await _accounts.ListAsync());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("ci.bot_1-x")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901")]
    public async Task AddAsync_ValidUsername_Accepted(string username)
    {
        Assert.True((await _accounts.AddAsync(username, AccountType.System, [], null)).Succeeded);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("Admin")]
    [InlineData("")]
    public async Task AddAsync_UnknownRole_Rejected(string role)
    {
        var result = await _accounts.AddAsync("ci", AccountType.System, [Roles.User, role], null);

        Assert.Equal(AccountError.InvalidRole, result.Error);
    }

    [Fact]
    public async Task AddAsync_ShortPassword_Rejected()
    {
        var result = await _accounts.AddAsync("alice", AccountType.Human, [Roles.User], "elevenchars");

        Assert.Equal(AccountError.WeakPassword, result.Error);
        Assert.Contains("12", result.Message);
    }

    [Fact]
    public async Task AddAsync_HumanWithoutPassword_Rejected()
    {
        Assert.Equal(AccountError.PasswordRequired, (await _accounts.AddAsync("alice", AccountType.Human, [Roles.User], null)).Error);
    }

    [Fact]
    public async Task AddAsync_ExistingUsername_AlreadyExists()
    {
        await _accounts.AddAsync("ci", AccountType.System, [Roles.User], null);

        var again = await _accounts.AddAsync("ci", AccountType.System, [Roles.Admin], null);

        Assert.Equal(AccountError.AlreadyExists, again.Error);
        Assert.Equal([Roles.User], Assert.Single(await _accounts.ListAsync()).Roles);
    }

    [Fact]
    public async Task SetPasswordAsync_NewPassword_OldStopsWorkingNewWorks()
    {
        await _accounts.AddAsync("alice", AccountType.Human, [Roles.User], Password);
        const string newPassword = "another-long-password";

        var changed = await _accounts.SetPasswordAsync("alice", newPassword);
        var provider = _harness.Provider();

        Assert.True(changed.Succeeded, changed.Message);
        Assert.Equal(IdentityStatus.InvalidCredentials, (await provider.LoginAsync("alice", Password)).Status);
        Assert.Equal(IdentityStatus.Ok, (await provider.LoginAsync("alice", newPassword)).Status);
    }

    [Fact]
    public async Task SetPasswordAsync_UnknownOrWeak_Rejected()
    {
        await _accounts.AddAsync("ci", AccountType.System, [Roles.User], null);

        Assert.Equal(AccountError.NotFound, (await _accounts.SetPasswordAsync("nobody", Password)).Error);
        Assert.Equal(AccountError.WeakPassword, (await _accounts.SetPasswordAsync("ci", "short")).Error);
        Assert.False((await _accounts.FindAsync("ci"))!.HasPassword);
    }

    [Fact]
    public async Task DisableAsync_ThenEnable_FlagFollows()
    {
        await _accounts.AddAsync("ci", AccountType.System, [Roles.User], null);
        _harness.Time.Advance(TimeSpan.FromMinutes(1));

        var disabled = await _accounts.DisableAsync("ci");
        var enabled = await _accounts.EnableAsync("ci");

        Assert.True(disabled.Account!.Disabled);
        Assert.Equal(_harness.Time.GetUtcNow(), disabled.Account.UpdatedAt);
        Assert.False(enabled.Account!.Disabled);
        Assert.Equal(AccountError.NotFound, (await _accounts.DisableAsync("nobody")).Error);
        Assert.Equal(AccountError.NotFound, (await _accounts.EnableAsync("Not Valid")).Error);
    }

    [Fact]
    public async Task IssueSystemTokenAsync_SystemAccount_LongLived()
    {
        await _accounts.AddAsync("ci", AccountType.System, [Roles.User], null);

        var token = await _accounts.IssueSystemTokenAsync("ci");

        Assert.True(token.Succeeded, token.Message);
        Assert.Equal(_harness.Time.GetUtcNow() + _harness.Options.SystemTokenTtl, token.ExpiresAt);
    }

    [Fact]
    public async Task IssueSystemTokenAsync_HumanAccount_Rejected()
    {
        await _accounts.AddAsync("alice", AccountType.Human, [Roles.Admin], Password);

        var token = await _accounts.IssueSystemTokenAsync("alice");

        Assert.Equal(AccountError.NotSystemAccount, token.Error);
        Assert.Null(token.Token);
    }

    [Fact]
    public async Task IssueSystemTokenAsync_UnknownOrDisabled_Rejected()
    {
        await _accounts.AddAsync("ci", AccountType.System, [Roles.User], null);
        await _accounts.DisableAsync("ci");

        Assert.Equal(AccountError.NotFound, (await _accounts.IssueSystemTokenAsync("nobody")).Error);
        Assert.Equal(AccountError.Disabled, (await _accounts.IssueSystemTokenAsync("ci")).Error);
    }

    [Fact]
    public async Task EnsureBootstrapAdminAsync_EmptyDatabase_CreatesAdminOnce()
    {
        var first = await _accounts.EnsureBootstrapAdminAsync(Password);
        var second = await _accounts.EnsureBootstrapAdminAsync("a-different-password");

        Assert.True(first);
        Assert.False(second);
        var admin = Assert.Single(await _accounts.ListAsync());
        Assert.Equal("admin", admin.Username);
        Assert.Equal(AccountType.Human, admin.Type);
        Assert.Equal([Roles.Admin], admin.Roles);
        var login = await _harness.Provider().LoginAsync("admin", Password);
        Assert.Equal(IdentityStatus.Ok, login.Status);
    }

    [Fact]
    public async Task EnsureBootstrapAdminAsync_OtherAccountsExist_CreatesNothing()
    {
        await _accounts.AddAsync("ci", AccountType.System, [Roles.User], null);

        Assert.False(await _accounts.EnsureBootstrapAdminAsync(Password));
        Assert.Null(await _accounts.FindAsync("admin"));
    }

    [Fact]
    public async Task EnsureBootstrapAdminAsync_ShortPassword_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _accounts.EnsureBootstrapAdminAsync("short"));
        Assert.Empty(await _accounts.ListAsync());
    }
}
