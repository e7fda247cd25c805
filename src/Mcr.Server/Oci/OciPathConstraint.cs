using System.Globalization;

namespace Mcr.Server.Oci;

/// <summary>
/// Route constraint <c>{**path:oci(kind)}</c>: matches when the catch-all parses (see <see cref="OciPath"/>)
/// as the given kind. The parse is kept in <c>HttpContext.Items</c> for <see cref="OciRequest"/>.
/// </summary>
internal sealed class OciPathConstraint(string kind) : IRouteConstraint
{
    internal const string ItemKey = "mcr.oci.path";

    private readonly OciRouteKind _kind = Enum.Parse<OciRouteKind>(kind, ignoreCase: true);

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        if (!values.TryGetValue(routeKey, out var raw) || Convert.ToString(raw, CultureInfo.InvariantCulture) is not { } rest)
        {
            return false;
        }
        if (!OciPath.TryParse(rest, out var path) || path.Kind != _kind)
        {
            return false;
        }
        if (httpContext is not null)
        {
            httpContext.Items[ItemKey] = path;
        }
        return true;
    }
}
