using System.Globalization;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Mcr.Server.Oci;

/// <summary>
/// Route constraint <c>{**path:oci(kind)}</c>: matches when the catch-all parses (see <see cref="OciPath"/>)
/// as the given kind. The parse is kept in <c>HttpContext.Items</c> for <see cref="OciRequest"/>.
/// Every repository-scoped route is such a catch-all; <see cref="OciPathMatcherPolicy"/> leaves routing
/// only the routes of the path's kind, and the path is parsed once per request (by whichever asks
/// first). (A request feature instead of <c>Items</c> was tried: the authorization middleware writes
/// to <c>Items</c> on every request anyway, so it allocated no less.)
/// </summary>
internal sealed class OciPathConstraint(string kind) : IRouteConstraint
{
    internal const string ItemKey = "mcr.oci.path";

    private const string ParsedKey = "mcr.oci.parsed";

    private readonly OciRouteKind _kind = Enum.Parse<OciRouteKind>(kind, ignoreCase: true);

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        if (!values.TryGetValue(routeKey, out var raw) || (raw as string ?? Convert.ToString(raw, CultureInfo.InvariantCulture)) is not { } rest)
        {
            return false;
        }
        if (Parse(httpContext, rest) is not { } path || path.Kind != _kind)
        {
            return false;
        }
        if (httpContext is not null)
        {
            httpContext.Items[ItemKey] = path;
        }
        return true;
    }

    /// <summary>The kind a route pattern's policy names when it is this constraint (<c>oci(kind)</c>), else null.</summary>
    internal static OciRouteKind? KindOf(RoutePatternParameterPolicyReference policy) =>
        policy.ParameterPolicy is OciPathConstraint constraint ? constraint._kind
        : policy.Content is { } content && content.StartsWith(OciRoutes.ConstraintName + "(", StringComparison.Ordinal) && content.EndsWith(')')
            && Enum.TryParse<OciRouteKind>(content[(OciRoutes.ConstraintName.Length + 1)..^1], ignoreCase: true, out var kind) ? kind
        : null;

    /// <summary>Parses the catch-all's text, once per request: later calls for the same text reuse the result.</summary>
    internal static OciPath? Parse(HttpContext? httpContext, string rest)
    {
        if (httpContext?.Items[ParsedKey] is Parsed earlier && earlier.Rest == rest)
        {
            return earlier.Path;
        }
        var path = OciPath.TryParse(rest, out var parsed) ? parsed : null;
        if (httpContext is not null)
        {
            httpContext.Items[ParsedKey] = new Parsed(rest, path);
        }
        return path;
    }

    /// <summary>A path as routing saw it and what it parsed to (null: not a repository-scoped path).</summary>
    private sealed record Parsed(string Rest, OciPath? Path);
}
