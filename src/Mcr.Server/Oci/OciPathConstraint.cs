using System.Globalization;

namespace Mcr.Server.Oci;

/// <summary>
/// Route constraint <c>{**path:oci(kind)}</c>: matches when the catch-all parses (see <see cref="OciPath"/>)
/// as the given kind. Every repository-scoped route is such a catch-all, so routing asks each of them
/// about the same path: it is parsed once per request, kept as a request feature, and the other
/// candidates, <see cref="OciRequest"/> and <see cref="OciRequestFilter"/> reuse it
/// (<see cref="PathOf"/>). A feature rather than <c>HttpContext.Items</c>, whose dictionary and
/// feature were a tenth of what a manifest GET allocated.
/// </summary>
internal sealed class OciPathConstraint(string kind) : IRouteConstraint
{
    private readonly OciRouteKind _kind = Enum.Parse<OciRouteKind>(kind, ignoreCase: true);

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        if (!values.TryGetValue(routeKey, out var raw) || (raw as string ?? Convert.ToString(raw, CultureInfo.InvariantCulture)) is not { } rest)
        {
            return false;
        }
        return Parse(httpContext, rest) is { } path && path.Kind == _kind;
    }

    /// <summary>
    /// The repository-scoped path routing parsed for this request; null when it was not one. On an
    /// endpoint behind this constraint, the path of the endpoint's own kind.
    /// </summary>
    public static OciPath? PathOf(HttpContext context) => context.Features.Get<ParsedPath>()?.Path;

    private static OciPath? Parse(HttpContext? httpContext, string rest)
    {
        if (httpContext?.Features.Get<ParsedPath>() is { } earlier && earlier.Rest == rest)
        {
            return earlier.Path;
        }
        var path = OciPath.TryParse(rest, out var parsed) ? parsed : null;
        httpContext?.Features.Set(new ParsedPath(rest, path));
        return path;
    }

    /// <summary>A path as routing saw it and what it parsed to (null: not a repository-scoped path).</summary>
    private sealed record ParsedPath(string Rest, OciPath? Path);
}
