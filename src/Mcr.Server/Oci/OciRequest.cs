using System.Reflection;
using Mcr.Core.Identity;
using Mcr.Server.Auth;

namespace Mcr.Server.Oci;

/// <summary>
/// What a repository-scoped handler needs: the repository name, the reference (tag, digest or upload
/// id; "" when the route has none) and the caller. Bound from the route's <see cref="OciPath"/>;
/// <see cref="OciRequestFilter"/> runs after binding and before the handler, and rejects invalid
/// names and denied callers, so a handler only ever sees a validated, authorized request.
/// </summary>
public sealed record OciRequest(string Repository, string Reference, Principal Principal)
{
    public static ValueTask<OciRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var path = context.Items[OciPathConstraint.ItemKey] as OciPath
            ?? throw new InvalidOperationException("OciRequest used on a route without the oci constraint");
        return ValueTask.FromResult<OciRequest?>(new OciRequest(path.Name, path.Reference, context.GetPrincipal()));
    }
}
