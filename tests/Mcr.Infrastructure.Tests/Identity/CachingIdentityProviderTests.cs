using System.Security.Cryptography;
using System.Text;
using Mcr.Infrastructure.Identity;

namespace Mcr.Infrastructure.Tests.Identity;

public sealed class CachingIdentityProviderTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private MciasHarness _mcias = null!;
    private CachingIdentityProvider _identity = null!;

    public async Task InitializeAsync()
    {
        _mcias = await MciasHarness.StartAsync();
        _mcias.Server.AddUser("alice", Password, ["user"]);
        _identity = new CachingIdentityProvider(_mcias.Client(), _mcias.Time);
    }

    public async Task DisposeAsync() => await _mcias.DisposeAsync();

    [Fact]
    public async Task ValidateAsync_TwiceWithinTtl_CallsMciasOnce()
    {
        var token = await LoginAsync();

        var first = await _identity.ValidateAsync(token);
        _mcias.Time.Advance(TimeSpan.FromSeconds(29));
        var second = await _identity.ValidateAsync(token);

        Assert.Equal(IdentityStatus.Ok, first.Status);
        Assert.Equal(first.Principal, second.Principal);
        Assert.Equal(1, _mcias.Server.ValidateCalls);
    }

    [Fact]
    public async Task ValidateAsync_After31Seconds_CallsMciasAgain()
    {
        var token = await LoginAsync();

        await _identity.ValidateAsync(token);
        _mcias.Time.Advance(TimeSpan.FromSeconds(31));
        var again = await _identity.ValidateAsync(token);

        Assert.Equal(IdentityStatus.Ok, again.Status);
        Assert.Equal(2, _mcias.Server.ValidateCalls);
    }

    [Fact]
    public async Task ValidateAsync_CacheKey_IsSha256OfTokenNotToken()
    {
        var token = await LoginAsync();

        await _identity.ValidateAsync(token);

        var key = Assert.Single(_identity.CachedKeys);
        Assert.DoesNotContain(token, key, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))), key);
    }

    [Fact]
    public async Task TryGetValidated_OnlyForATokenValidatedMomentsAgo_AndNotAfterLogout()
    {
        var token = await LoginAsync();
        Assert.False(_identity.TryGetValidated(token, out _)); // never validated: ask ValidateAsync

        var validated = await _identity.ValidateAsync(token);

        Assert.True(_identity.TryGetValidated(token.AsSpan(), out var principal));
        Assert.Equal(validated.Principal, principal);
        Assert.False(_identity.TryGetValidated(token + "x", out _));
        await _identity.LogoutAsync(token);
        Assert.False(_identity.TryGetValidated(token, out _));
        Assert.False(((IIdentityProvider)_identity.Inner).TryGetValidated(token, out _)); // the default: no memory
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5000)] // more UTF-8 bytes than the key is computed in on the stack
    public void KeyFor_AnyLength_IsTheHexSha256OfTheUtf8Token(int length)
    {
        var token = string.Concat(Enumerable.Repeat("é.x", length / 3 + 1))[..length];

        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))), CachingIdentityProvider.KeyFor(token));
    }

    [Fact]
    public async Task ValidateAsync_InvalidToken_NotCached()
    {
        await _identity.ValidateAsync("bogus");
        var second = await _identity.ValidateAsync("bogus");

        Assert.Equal(IdentityStatus.InvalidCredentials, second.Status);
        Assert.Equal(2, _mcias.Server.ValidateCalls);
        Assert.Empty(_identity.CachedKeys);
    }

    [Fact]
    public async Task ValidateAsync_TokenExpiringBeforeTtl_NotServedAfterExpiry()
    {
        _mcias.Server.TokenLifetime = TimeSpan.FromSeconds(10);
        var token = await LoginAsync();
        await _identity.ValidateAsync(token);

        _mcias.Time.Advance(TimeSpan.FromSeconds(11));
        var result = await _identity.ValidateAsync(token);

        Assert.Equal(IdentityStatus.InvalidCredentials, result.Status);
        Assert.Equal(2, _mcias.Server.ValidateCalls);
    }

    [Fact]
    public async Task LogoutAsync_CachedToken_EvictsAndRevokes()
    {
        var token = await LoginAsync();
        await _identity.ValidateAsync(token);

        var status = await _identity.LogoutAsync(token);
        var after = await _identity.ValidateAsync(token);

        Assert.Equal(IdentityStatus.Ok, status);
        Assert.Equal(IdentityStatus.InvalidCredentials, after.Status);
        Assert.Equal(2, _mcias.Server.ValidateCalls);
        Assert.Equal(1, _mcias.Server.LogoutCalls);
    }

    [Fact]
    public async Task ValidateAsync_CachedWhileMciasDown_StillOkUntilTtl()
    {
        var token = await LoginAsync();
        await _identity.ValidateAsync(token);
        await _mcias.Server.StopAsync();

        var cached = await _identity.ValidateAsync(token);
        _mcias.Time.Advance(TimeSpan.FromSeconds(31));
        var expired = await _identity.ValidateAsync(token);

        Assert.Equal(IdentityStatus.Ok, cached.Status);
        Assert.Equal(IdentityStatus.Unavailable, expired.Status);
    }

    [Fact]
    public async Task ValidateAsync_ManyTokens_CacheStaysBounded()
    {
        var identity = new CachingIdentityProvider(_mcias.Client(), _mcias.Time, null, capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            await identity.ValidateAsync(await LoginAsync());
        }

        Assert.True(identity.CachedKeys.Count <= 3);
    }

    private async Task<string> LoginAsync()
    {
        var login = await _identity.LoginAsync("alice", Password);
        Assert.Equal(IdentityStatus.Ok, login.Status);
        return login.Token!;
    }
}
