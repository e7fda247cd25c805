using Mcr.Core.Errors;
using Mcr.Core.Policy;
using Mcr.Server.Auth;
using Mcr.Server.Errors;

namespace Mcr.Server.Oci;

/// <summary><c>GET /v2/</c> (end-1): 200 <c>{}</c> for an authenticated caller; and 404 for unknown /v2 paths.</summary>
internal static class BaseEndpoints
{
    public static IEndpointRouteBuilder MapBaseEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(OciRoutes.Base, [HttpMethods.Get, HttpMethods.Head], (HttpContext http, PolicyGate gate) =>
            gate.Check(http, http.GetPrincipal(), PolicyAction.VersionCheck) ?? Results.Text("{}", "application/json"));
        app.Map(OciRoutes.Unmatched, () => OciResults.Error(OciErrorCode.NameUnknown, "no such endpoint or repository", status: 404));
        return app;
    }
}
