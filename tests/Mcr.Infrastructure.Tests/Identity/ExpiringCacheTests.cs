using Mcr.Infrastructure.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Identity;

public sealed class ExpiringCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryGet_BeforeAndAfterExpiry()
    {
        var cache = new ExpiringCache<int>(_time, 10);
        cache.Set("a", 1, _time.GetUtcNow() + TimeSpan.FromSeconds(30));

        Assert.True(cache.TryGet("a", out var value));
        Assert.Equal(1, value);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TryGet_BySpan_FindsTheStringKey_AndDropsItOnceExpired()
    {
        var cache = new ExpiringCache<int>(_time, 10);
        cache.Set("abc", 7, _time.GetUtcNow() + TimeSpan.FromSeconds(30));
        Span<char> key = stackalloc char[3];
        "abc".AsSpan().CopyTo(key);

        Assert.True(cache.TryGet(key, out var value));
        Assert.Equal(7, value);
        Assert.False(cache.TryGet("abd".AsSpan(), out _));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(cache.TryGet(key, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Set_ExpiryNotInFuture_Ignored()
    {
        var cache = new ExpiringCache<int>(_time, 10);

        cache.Set("a", 1, _time.GetUtcNow());

        Assert.False(cache.TryGet("a", out _));
    }

    [Fact]
    public void Set_Full_EvictsExpiredFirst()
    {
        var cache = new ExpiringCache<int>(_time, 3);
        cache.Set("short", 0, _time.GetUtcNow() + TimeSpan.FromSeconds(1));
        cache.Set("b", 1, _time.GetUtcNow() + TimeSpan.FromMinutes(1));
        cache.Set("c", 2, _time.GetUtcNow() + TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromSeconds(2));

        cache.Set("d", 3, _time.GetUtcNow() + TimeSpan.FromMinutes(1));

        Assert.Equal(["b", "c", "d"], cache.Keys.Order());
    }

    [Fact]
    public void Set_FullOfLiveEntries_EvictsOldest()
    {
        var cache = new ExpiringCache<int>(_time, 3);
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            cache.Set(key, 0, _time.GetUtcNow() + TimeSpan.FromMinutes(1));
        }

        Assert.Equal(["b", "c", "d"], cache.Keys.Order());
    }

    [Fact]
    public void RemoveWhere_RemovesMatching()
    {
        var cache = new ExpiringCache<int>(_time, 10);
        cache.Set("a", 1, _time.GetUtcNow() + TimeSpan.FromMinutes(1));
        cache.Set("b", 2, _time.GetUtcNow() + TimeSpan.FromMinutes(1));

        Assert.Equal(1, cache.RemoveWhere(value => value == 1));
        Assert.Equal(["b"], cache.Keys);
    }
}
