using Microsoft.AspNetCore.Routing.Matching;

namespace Mcr.Server.Oci;

/// <summary>
/// Splits routing's decision tree by the kind of repository-scoped path, the way the framework's
/// HTTP method policy splits it by method. Every repository-scoped route is the catch-all
/// <c>/v2/{**path:oci(kind)}</c>, so without this each request to one was matched against all six of
/// them plus <see cref="OciRoutes.Unmatched"/>: routing copies the catch-all's text and builds route
/// values for every candidate before its constraint can refuse it, 60 % of what a manifest GET
/// allocated (docs/performance.md). Here the path is parsed once, before the candidates are built,
/// and only the routes of its kind remain, with the routes that have no kind (Unmatched). The
/// constraint stays the rule and finds this parse in <c>HttpContext.Items</c>.
/// </summary>
internal sealed class OciPathMatcherPolicy : MatcherPolicy, INodeBuilderPolicy
{
    /// <summary>After the framework's HTTP method policy (-1000): its nodes are split by kind.</summary>
    public override int Order => -900;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Any(e => KindOf(e) is not null);

    public IReadOnlyList<PolicyNodeEdge> GetEdges(IReadOnlyList<Endpoint> endpoints)
    {
        var any = endpoints.Where(e => KindOf(e) is null).ToList();
        var edges = new List<PolicyNodeEdge> { new(Edge.None, any) };
        foreach (var kind in endpoints.Select(KindOf).OfType<OciRouteKind>().Distinct())
        {
            edges.Add(new(kind, endpoints.Where(e => KindOf(e) is null || KindOf(e) == kind).ToList()));
        }
        return edges;
    }

    public PolicyJumpTable BuildJumpTable(int exitDestination, IReadOnlyList<PolicyJumpTableEdge> edges)
    {
        var none = exitDestination;
        var byKind = new int[Enum.GetValues<OciRouteKind>().Length];
        Array.Fill(byKind, exitDestination);
        foreach (var edge in edges)
        {
            if (edge.State is OciRouteKind kind)
            {
                byKind[(int)kind] = edge.Destination;
            }
            else
            {
                none = edge.Destination;
            }
        }
        return new KindJumpTable(byKind, none);
    }

    /// <summary>The kind in a route's <c>oci(kind)</c> constraint, or null for any other route.</summary>
    internal static OciRouteKind? KindOf(Endpoint endpoint)
    {
        if (endpoint is not RouteEndpoint route)
        {
            return null;
        }
        foreach (var (_, policies) in route.RoutePattern.ParameterPolicies)
        {
            foreach (var policy in policies)
            {
                if (OciPathConstraint.KindOf(policy) is { } kind)
                {
                    return kind;
                }
            }
        }
        return null;
    }

    /// <summary>The catch-all's text as routing sees it: everything after the first segment (<c>v2</c>) and its slash.</summary>
    internal static string CatchAllOf(string path)
    {
        var slash = path.IndexOf('/', 1);
        return slash < 0 ? "" : path[(slash + 1)..];
    }

    private sealed class Edge
    {
        public static readonly Edge None = new();

        public override string ToString() => "not repository-scoped";
    }

    private sealed class KindJumpTable(int[] byKind, int none) : PolicyJumpTable
    {
        public override int GetDestination(HttpContext httpContext)
        {
            var rest = CatchAllOf(httpContext.Request.Path.Value ?? "");
            return OciPathConstraint.Parse(httpContext, rest) is { } path ? byKind[(int)path.Kind] : none;
        }
    }
}
