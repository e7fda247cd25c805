using System.Reflection;
using Mcr.Core.Identity;

namespace Mcr.Server.Oci;

/// <summary>
/// What a repository-scoped handler needs: the validated repository name, the reference (tag,
/// digest or upload id; "" when the route has none) and the caller. Produced by
/// <see cref="OciRequestFilter"/>, which has already checked the name and the policy.
/// </summary>
public sealed record OciRequest(string Repository, string Reference, Principal Principal)
{
    internal const string ItemKey = "mcr.oci.request";

    public static ValueTask<OciRequest?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<OciRequest?>(context.Items[ItemKey] as OciRequest
            ?? throw new InvalidOperationException("OciRequest used on an endpoint without OciRequestFilter"));
}
