using Mcr.Server.Oci;

namespace Mcr.Server.Tests.Oci;

/// <summary>How the part of a path after <c>/v2/</c> splits into kind, repository name and reference.</summary>
public sealed class OciPathTests
{
    [Theory]
    [InlineData("app/manifests/latest", OciRouteKind.Manifest, "app", "latest")]
    [InlineData("team/app/manifests/sha256:abc", OciRouteKind.Manifest, "team/app", "sha256:abc")]
    [InlineData("a/b/c/blobs/sha256:abc", OciRouteKind.Blob, "a/b/c", "sha256:abc")]
    [InlineData("team/app/blobs/uploads", OciRouteKind.UploadStart, "team/app", "")]
    [InlineData("team/app/blobs/uploads/", OciRouteKind.UploadStart, "team/app", "")]
    [InlineData("team/app/blobs/uploads/0f3a-42", OciRouteKind.Upload, "team/app", "0f3a-42")]
    [InlineData("team/app/tags/list", OciRouteKind.TagsList, "team/app", "")]
    [InlineData("team/app/referrers/sha256:abc", OciRouteKind.Referrers, "team/app", "sha256:abc")]
    // split at the last keyword: names may themselves contain the keywords as path components
    [InlineData("blobs/blobs/sha256:abc", OciRouteKind.Blob, "blobs", "sha256:abc")]
    [InlineData("x/manifests/manifests/1", OciRouteKind.Manifest, "x/manifests", "1")]
    [InlineData("x/blobs/uploads/blobs/uploads/u", OciRouteKind.Upload, "x/blobs/uploads", "u")]
    [InlineData("x/referrers/blobs/d", OciRouteKind.Blob, "x/referrers", "d")]
    public void TryParse_RepositoryScopedPath_SplitsAtTheLastKeyword(string rest, OciRouteKind kind, string name, string reference)
    {
        Assert.True(OciPath.TryParse(rest, out var path));
        Assert.Equal(new OciPath(kind, name, reference), path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("manifests/1.0")] // no name
    [InlineData("/manifests/1.0")]
    [InlineData("/blobs/uploads/u")]
    [InlineData("/blobs/uploads")]
    [InlineData("/tags/list")]
    [InlineData("team/app/manifests/")] // no reference
    [InlineData("team/app/unknown/1.0")]
    [InlineData("team/app")]
    [InlineData("app")]
    [InlineData("uploads/u")]
    public void TryParse_NotARepositoryScopedPath_IsFalse(string? rest)
    {
        Assert.False(OciPath.TryParse(rest, out var path));
        Assert.Null(path);
    }
}
