using Mcr.Server.Oci;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mcr.Server.Tests.Oci;

/// <summary>The route constraint that tells the repository-scoped catch-all routes apart.</summary>
public sealed class OciPathConstraintTests
{
    [Theory]
    [InlineData("team/app/manifests/1.0", "manifest", "team/app", "1.0")]
    [InlineData("a/b/c/blobs/sha256:abc", "blob", "a/b/c", "sha256:abc")]
    [InlineData("team/app/blobs/uploads/", "uploadstart", "team/app", "")]
    [InlineData("team/app/tags/list", "tagslist", "team/app", "")]
    public void Match_EveryCandidateOfOneRequest_OnlyItsKindMatches_AndTheParseIsKept(string rest, string kind, string name, string reference)
    {
        var http = new DefaultHttpContext();
        var kinds = new[] { "manifest", "blob", "uploadstart", "upload", "tagslist", "referrers" };

        // Routing asks every candidate, each with route values of its own.
        var matches = kinds.Where(k => new OciPathConstraint(k).Match(http, null, "path", new RouteValueDictionary { ["path"] = new string(rest) }, RouteDirection.IncomingRequest)).ToList();

        Assert.Equal([kind], matches);
        var path = Assert.IsType<OciPath>(http.Items[OciPathConstraint.ItemKey]);
        Assert.Equal((name, reference), (path.Name, path.Reference));
    }

    [Fact]
    public void Match_AnotherPathOnTheSameContext_IsParsedAfresh()
    {
        var http = new DefaultHttpContext();
        var manifest = new OciPathConstraint("manifest");

        Assert.True(manifest.Match(http, null, "path", new RouteValueDictionary { ["path"] = "x/manifests/a" }, RouteDirection.IncomingRequest));
        Assert.False(manifest.Match(http, null, "path", new RouteValueDictionary { ["path"] = "x/blobs/a" }, RouteDirection.IncomingRequest));
        Assert.True(manifest.Match(http, null, "path", new RouteValueDictionary { ["path"] = "y/manifests/b" }, RouteDirection.IncomingRequest));
        Assert.Equal("y", Assert.IsType<OciPath>(http.Items[OciPathConstraint.ItemKey]).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("manifests/1.0")]
    [InlineData("team/app/unknown/1.0")]
    public void Match_NotARepositoryScopedPath_MatchesNothing(string rest)
    {
        var http = new DefaultHttpContext();

        Assert.False(new OciPathConstraint("manifest").Match(http, null, "path", new RouteValueDictionary { ["path"] = rest }, RouteDirection.IncomingRequest));
        Assert.False(new OciPathConstraint("blob").Match(http, null, "path", new RouteValueDictionary { ["path"] = rest }, RouteDirection.IncomingRequest));
        Assert.False(http.Items.ContainsKey(OciPathConstraint.ItemKey));
    }
}
