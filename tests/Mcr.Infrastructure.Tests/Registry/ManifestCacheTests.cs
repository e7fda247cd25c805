using System.Text;
using Mcr.Core.Digests;
using Mcr.Infrastructure.Registry;

namespace Mcr.Infrastructure.Tests.Registry;

public sealed class ManifestCacheTests
{
    private readonly ManifestCache _cache = new();

    [Fact]
    public void TryGet_AfterSet_GivesTheManifestForThatRepositoryAndReferenceOnly()
    {
        var manifest = Manifest("a");
        _cache.Set("team/app", "v1", manifest, _cache.Generation);

        Assert.True(_cache.TryGet("team/app", "v1", out var hit));
        Assert.Same(manifest, hit);
        Assert.False(_cache.TryGet("team/app", "v2", out _));
        Assert.False(_cache.TryGet("team/other", "v1", out _));
    }

    [Fact]
    public void Invalidate_DropsThatRepositoryOnly()
    {
        _cache.Set("team/app", "v1", Manifest("a"), _cache.Generation);
        _cache.Set("team/other", "v1", Manifest("b"), _cache.Generation);

        _cache.Invalidate("team/app");

        Assert.False(_cache.TryGet("team/app", "v1", out _));
        Assert.True(_cache.TryGet("team/other", "v1", out _));
    }

    [Fact]
    public void Set_ReadStartedBeforeAnInvalidation_IsNeverServed()
    {
        // A GET took the generation, then a push committed and invalidated, then the GET stored what it
        // read before the push: that entry is stale.
        var generation = _cache.Generation;
        _cache.Invalidate("team/app");
        _cache.Set("team/app", "v1", Manifest("old"), generation);

        Assert.False(_cache.TryGet("team/app", "v1", out _));

        _cache.Set("team/app", "v1", Manifest("new"), _cache.Generation);
        Assert.True(_cache.TryGet("team/app", "v1", out _));
    }

    [Fact]
    public void Set_ReadStartedBeforeInvalidateAll_IsNeverServed()
    {
        var generation = _cache.Generation;
        _cache.InvalidateAll();
        _cache.Set("team/app", "v1", Manifest("old"), generation);

        Assert.False(_cache.TryGet("team/app", "v1", out _));
    }

    [Fact]
    public void Set_StaleReadAfterTheCacheStartedOver_IsStillNeverServed()
    {
        // Filling the cache past its budget drops the entries, but not what it knows about writes.
        var generation = _cache.Generation;
        _cache.Invalidate("team/app");
        var big = Manifest(new string('x', ManifestCache.MaxManifestBytes));
        for (var i = 0; i <= ManifestCache.MaxBytes / ManifestCache.MaxManifestBytes; i++)
        {
            _cache.Set("team/filler", $"t{i}", big, _cache.Generation);
        }
        _cache.Set("team/app", "v1", Manifest("old"), generation);

        Assert.False(_cache.TryGet("team/app", "v1", out _));
    }

    [Fact]
    public void Set_PastTheByteBudget_StartsOver()
    {
        var big = Manifest(new string('x', ManifestCache.MaxManifestBytes));
        var fit = (int)(ManifestCache.MaxBytes / ManifestCache.MaxManifestBytes);
        for (var i = 0; i < fit; i++)
        {
            _cache.Set("team/app", $"t{i}", big, _cache.Generation);
        }
        Assert.True(_cache.TryGet("team/app", "t0", out _));

        _cache.Set("team/app", "one-more", big, _cache.Generation);

        Assert.False(_cache.TryGet("team/app", "t0", out _));
        Assert.True(_cache.TryGet("team/app", "one-more", out _));
    }

    [Fact]
    public void Set_ManifestLargerThanTheLimit_IsNotKept()
    {
        _cache.Set("team/app", "huge", Manifest(new string('x', ManifestCache.MaxManifestBytes + 1)), _cache.Generation);

        Assert.False(_cache.TryGet("team/app", "huge", out _));
    }

    private static StoredManifest Manifest(string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        return new StoredManifest(Digest.Compute(DigestAlgorithm.Sha256, content), "application/vnd.oci.image.manifest.v1+json", content, content.Length);
    }
}
