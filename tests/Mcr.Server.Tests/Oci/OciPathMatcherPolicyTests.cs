using Mcr.Server.Oci;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Mcr.Server.Tests.Oci;

/// <summary>
/// The routing policy that leaves only the routes of a path's kind as candidates. What the routes answer
/// is proven through the real server by the endpoint tests; these pin the policy's own decisions.
/// </summary>
public sealed class OciPathMatcherPolicyTests
{
    private static readonly RouteEndpoint _manifest = Route(OciRoutes.Manifest);
    private static readonly RouteEndpoint _blob = Route(OciRoutes.Blob);
    private static readonly RouteEndpoint _tagsList = Route(OciRoutes.TagsList);
    private static readonly RouteEndpoint _unmatched = Route(OciRoutes.Unmatched);

    [Theory]
    [InlineData(OciRoutes.Manifest, OciRouteKind.Manifest)]
    [InlineData(OciRoutes.Blob, OciRouteKind.Blob)]
    [InlineData(OciRoutes.UploadStart, OciRouteKind.UploadStart)]
    [InlineData(OciRoutes.Upload, OciRouteKind.Upload)]
    [InlineData(OciRoutes.TagsList, OciRouteKind.TagsList)]
    [InlineData(OciRoutes.Referrers, OciRouteKind.Referrers)]
    [InlineData(OciRoutes.Unmatched, null)]
    [InlineData(OciRoutes.Catalog, null)]
    [InlineData(OciRoutes.Base, null)]
    public void KindOf_ReadsTheKindFromTheRoutesConstraint(string pattern, OciRouteKind? kind) =>
        Assert.Equal(kind, OciPathMatcherPolicy.KindOf(Route(pattern)));

    [Fact]
    public void AppliesToEndpoints_OnlyWhereARepositoryScopedRouteIs()
    {
        var policy = new OciPathMatcherPolicy();

        Assert.True(policy.AppliesToEndpoints([_unmatched, _manifest]));
        Assert.False(policy.AppliesToEndpoints([_unmatched, Route(OciRoutes.Catalog)]));
    }

    [Fact]
    public void GetEdges_EachKindKeepsItsRoutesAndTheRoutesWithoutAKind()
    {
        var edges = new OciPathMatcherPolicy().GetEdges([_blob, _manifest, _tagsList, _unmatched]);

        Assert.Equal(4, edges.Count);
        Assert.Equal([_unmatched], edges.Single(e => e.State is not OciRouteKind).Endpoints);
        Assert.Equal([_manifest, _unmatched], edges.Single(e => OciRouteKind.Manifest.Equals(e.State)).Endpoints);
        Assert.Equal([_blob, _unmatched], edges.Single(e => OciRouteKind.Blob.Equals(e.State)).Endpoints);
        Assert.Equal([_tagsList, _unmatched], edges.Single(e => OciRouteKind.TagsList.Equals(e.State)).Endpoints);
    }

    [Theory]
    [InlineData("/v2/team/app/manifests/1.0", 1)]
    [InlineData("/v2/team/app/blobs/sha256:abc", 2)]
    [InlineData("/v2/team/app/tags/list", 0)] // a kind this node has no edge for: the exit
    [InlineData("/v2/team/app/unknown/1.0", 3)] // not repository-scoped: only the routes without a kind
    [InlineData("/v2/", 3)]
    [InlineData("/v2", 3)]
    public void JumpTable_SendsAPathToTheEdgeOfItsKind(string path, int destination)
    {
        var table = new OciPathMatcherPolicy().BuildJumpTable(0,
        [
            new PolicyJumpTableEdge(OciRouteKind.Manifest, 1),
            new PolicyJumpTableEdge(OciRouteKind.Blob, 2),
            new PolicyJumpTableEdge(new object(), 3),
        ]);
        var http = new DefaultHttpContext();
        http.Request.Path = path;

        Assert.Equal(destination, table.GetDestination(http));
    }

    [Fact]
    public void JumpTable_ParsesOnce_AndTheConstraintReusesTheParse()
    {
        var table = new OciPathMatcherPolicy().BuildJumpTable(0, [new PolicyJumpTableEdge(OciRouteKind.Manifest, 1)]);
        var http = new DefaultHttpContext();
        http.Request.Path = "/v2/team/app/manifests/1.0";

        table.GetDestination(http);
        var parsed = OciPathConstraint.Parse(http, "team/app/manifests/1.0");

        Assert.Same(parsed, OciPathConstraint.Parse(http, new string("team/app/manifests/1.0")));
        Assert.True(new OciPathConstraint("manifest").Match(http, null, "path", new RouteValueDictionary { ["path"] = "team/app/manifests/1.0" }, RouteDirection.IncomingRequest));
        Assert.Same(parsed, http.Items[OciPathConstraint.ItemKey]);
    }

    [Theory]
    [InlineData("/v2/team/app/manifests/1.0", "team/app/manifests/1.0")]
    [InlineData("/V2/app/tags/list", "app/tags/list")] // routing matches literals case-insensitively
    [InlineData("/v2//app/tags/list", "/app/tags/list")]
    [InlineData("/v2/", "")]
    [InlineData("/v2", "")]
    public void CatchAllOf_IsTheTextRoutingGivesTheCatchAll(string path, string rest) =>
        Assert.Equal(rest, OciPathMatcherPolicy.CatchAllOf(path));

    private static RouteEndpoint Route(string pattern) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, EndpointMetadataCollection.Empty, pattern);
}
