using System.Buffers.Text;
using System.Text;
using Dapper;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Identity;
using Mcr.Infrastructure.Identity.Embedded;
using Mcr.Testing;

namespace Mcr.Infrastructure.Tests.Identity;

/// <summary>Token checks of the embedded provider, using password-less system accounts (no PBKDF2 cost).</summary>
public sealed class EmbeddedTokenTests : IDisposable
{
    private readonly EmbeddedHarness _harness = new();
    private readonly AccountService _accounts;

    public EmbeddedTokenTests() => _accounts = _harness.Accounts();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task ValidateAsync_SystemToken_ReturnsPrincipal()
    {
        var account = await AddSystemAsync("ci");
        var token = await IssueAsync("ci");

        var result = await _harness.Provider().ValidateAsync(token);

        Assert.Equal(IdentityStatus.Ok, result.Status);
        var principal = result.Principal!;
        Assert.Equal(account.Id, principal.Subject);
        Assert.True(Guid.TryParse(principal.Subject, out _));
        Assert.Equal("ci", principal.Username);
        Assert.Equal(AccountType.System, principal.AccountType);
        Assert.Equal([Roles.User], principal.Roles);
        Assert.Equal(_harness.Time.GetUtcNow() + _harness.Options.SystemTokenTtl, principal.ExpiresAt);
    }

    [Fact]
    public async Task ValidateAsync_SystemTokenPastNormalTtl_StillValid()
    {
        await AddSystemAsync("ci");
        var token = await IssueAsync("ci");

        _harness.Time.Advance(_harness.Options.TokenTtl * 30);

        Assert.Equal(IdentityStatus.Ok, (await _harness.Provider().ValidateAsync(token)).Status);
    }

    [Fact]
    public async Task ValidateAsync_ExpiredToken_Rejected()
    {
        await AddSystemAsync("ci");
        var token = await IssueAsync("ci");
        var provider = _harness.Provider();

        _harness.Time.Advance(_harness.Options.SystemTokenTtl + TimeSpan.FromSeconds(1));
        var result = await provider.ValidateAsync(token);

        Assert.Equal(IdentityStatus.InvalidCredentials, result.Status);
        Assert.Equal("token expired", result.Message);
    }

    [Fact]
    public async Task ValidateAsync_TamperedPayload_Rejected()
    {
        await AddSystemAsync("ci");
        var parts = (await IssueAsync("ci")).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"user\"", "\"admin\"", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        Assert.Equal(IdentityStatus.InvalidCredentials, (await _harness.Provider().ValidateAsync(forged)).Status);
    }

    [Fact]
    public async Task ValidateAsync_TamperedSignature_Rejected()
    {
        await AddSystemAsync("ci");
        var token = await IssueAsync("ci");
        var signature = Base64Url.DecodeFromChars(token.Split('.')[2]);
        signature[5] ^= 0x01;
        var forged = string.Join('.', token.Split('.')[..2]) + "." + Base64Url.EncodeToString(signature);

        Assert.Equal(IdentityStatus.InvalidCredentials, (await _harness.Provider().ValidateAsync(forged)).Status);
    }

    [Fact]
    public async Task ValidateAsync_UnsignedAlgNoneToken_Rejected()
    {
        await AddSystemAsync("ci");
        var parts = (await IssueAsync("ci")).Split('.');
        var header = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);

        Assert.Equal(IdentityStatus.InvalidCredentials, (await _harness.Provider().ValidateAsync($"{header}.{parts[1]}.")).Status);
    }

    [Fact]
    public async Task ValidateAsync_SignedWithAnotherKey_Rejected()
    {
        await AddSystemAsync("ci");
        var token = await IssueAsync("ci");
        using var elsewhere = new TempDirectory("mcr-otherkey");

        Assert.Equal(IdentityStatus.InvalidCredentials, (await _harness.Provider(elsewhere.Path).ValidateAsync(token)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9..")]
    public async Task ValidateAsync_Garbage_InvalidCredentials(string token)
    {
        Assert.Equal(IdentityStatus.InvalidCredentials, (await _harness.Provider().ValidateAsync(token)).Status);
    }

    [Fact]
    public async Task ValidateAsync_AccountDisabled_RejectedOnceLookupCacheExpires()
    {
        await AddSystemAsync("ci");
        var token = await IssueAsync("ci");
        var provider = _harness.Provider();
        Assert.Equal(IdentityStatus.Ok, (await provider.ValidateAsync(token)).Status);

        await _accounts.DisableAsync("ci");
        _harness.Time.Advance(EmbeddedIdentityProvider.AccountCacheTtl + TimeSpan.FromSeconds(1));
        var disabled = await provider.ValidateAsync(token);
        await _accounts.EnableAsync("ci");
        _harness.Time.Advance(EmbeddedIdentityProvider.AccountCacheTtl + TimeSpan.FromSeconds(1));
        var enabled = await provider.ValidateAsync(token);

        Assert.Equal(IdentityStatus.InvalidCredentials, disabled.Status);
        Assert.Equal(IdentityStatus.Ok, enabled.Status);
    }

    [Fact]
    public async Task LogoutAsync_Token_RevokedAlsoForNewProviderInstance()
    {
        await AddSystemAsync("ci");
        var revoked = await IssueAsync("ci");
        var other = await IssueAsync("ci");
        var provider = _harness.Provider();

        Assert.Equal(IdentityStatus.Ok, await provider.LogoutAsync(revoked));

        Assert.Equal(IdentityStatus.InvalidCredentials, (await provider.ValidateAsync(revoked)).Status);
        var restarted = _harness.Provider();
        Assert.Equal(IdentityStatus.InvalidCredentials, (await restarted.ValidateAsync(revoked)).Status);
        Assert.Equal(IdentityStatus.Ok, (await restarted.ValidateAsync(other)).Status);
    }

    [Fact]
    public async Task LogoutAsync_ExpiredRevocations_PurgedOnLaterLogout()
    {
        await AddSystemAsync("ci");
        var provider = _harness.Provider();
        await provider.LogoutAsync(await IssueAsync("ci"));

        _harness.Time.Advance(_harness.Options.SystemTokenTtl + TimeSpan.FromMinutes(1));
        await provider.LogoutAsync(await IssueAsync("ci"));

        using var connection = _harness.Database.Database.Open();
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM revoked_tokens"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    public async Task LogoutAsync_InvalidToken_OkAndRecordsNothing(string token)
    {
        Assert.Equal(IdentityStatus.Ok, await _harness.Provider().LogoutAsync(token));

        using var connection = _harness.Database.Database.Open();
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM revoked_tokens"));
    }

    [Fact]
    public async Task SigningKey_CreatedOwnerOnlyAndReusedAcrossInstances()
    {
        await AddSystemAsync("ci");
        var path = Path.Combine(_harness.DataDirectory, TokenSigningKey.FileName);
        Assert.False(File.Exists(path));

        var token = await IssueAsync("ci");
        var pem = File.ReadAllText(path);
        var validated = await _harness.Provider().ValidateAsync(token);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem);
        Assert.Equal(IdentityStatus.Ok, validated.Status);
        Assert.Equal(pem, File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(_harness.DataDirectory, "*.tmp"));
    }

    [Fact]
    public void SigningKey_LoosenedMode_TightenedOnLoad()
    {
        using var directory = new TempDirectory("mcr-key");
        TokenSigningKey.LoadOrCreate(directory.Path).Dispose();
        var path = TokenSigningKey.PathIn(directory.Path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        TokenSigningKey.LoadOrCreate(directory.Path).Dispose();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void SigningKey_CorruptFile_ThrowsNamingFile()
    {
        using var directory = new TempDirectory("mcr-key");
        File.WriteAllText(TokenSigningKey.PathIn(directory.Path), "not a key");

        var error = Assert.Throws<InvalidOperationException>(() => TokenSigningKey.LoadOrCreate(directory.Path));
        Assert.Contains(TokenSigningKey.FileName, error.Message);
    }

    private async Task<Account> AddSystemAsync(string username)
    {
        var result = await _accounts.AddAsync(username, AccountType.System, [Roles.User], password: null);
        Assert.True(result.Succeeded, result.Message);
        return result.Account!;
    }

    private async Task<string> IssueAsync(string username)
    {
        var result = await _accounts.IssueSystemTokenAsync(username);
        Assert.True(result.Succeeded, result.Message);
        return result.Token!;
    }
}
