using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mcr.Server.Oci;

/// <summary>
/// Every <c>/v2</c> route pattern, in one place. Repository names contain slashes, so
/// repository-scoped routes are catch-alls told apart by the <see cref="OciPathConstraint"/>.
/// </summary>
internal static class OciRoutes
{
    public const string ConstraintName = "oci";

    public const string Base = "/v2/";
    public const string Catalog = "/v2/_catalog";
    public const string Manifest = "/v2/{**path:oci(manifest)}";
    public const string Blob = "/v2/{**path:oci(blob)}";
    public const string UploadStart = "/v2/{**path:oci(uploadstart)}";
    public const string Upload = "/v2/{**path:oci(upload)}";
    public const string TagsList = "/v2/{**path:oci(tagslist)}";
    public const string Referrers = "/v2/{**path:oci(referrers)}";

    /// <summary>Anything else under /v2: authenticated, then 404.</summary>
    public const string Unmatched = "/v2/{**path}";

    public static void AddOciRouting(this IServiceCollection services)
    {
        services.Configure<RouteOptions>(options => options.SetParameterPolicy<OciPathConstraint>(ConstraintName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, OciPathMatcherPolicy>());
    }
}
