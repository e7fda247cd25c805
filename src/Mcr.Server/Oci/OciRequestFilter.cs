using Mcr.Core.Errors;
using Mcr.Core.Names;
using Mcr.Server.Auth;
using Mcr.Server.Errors;

namespace Mcr.Server.Oci;

/// <summary>
/// Runs once for every repository-scoped <c>/v2</c> endpoint, after authentication: validates the
/// repository name (NAME_INVALID) and checks the endpoint's policy action (DENIED). Handlers
/// therefore never repeat these checks; their <see cref="OciRequest"/> is known good.
/// </summary>
internal static class OciRequestFilter
{
    /// <summary>Marks a repository-scoped endpoint with the policy action it needs.</summary>
    public static RouteHandlerBuilder RequiresAction(this RouteHandlerBuilder builder, string action) =>
        builder
            .AddEndpointFilterFactory((factory, next) =>
            {
                var gate = factory.ApplicationServices.GetRequiredService<PolicyGate>();
                return context => InvokeAsync(context, next, gate, action);
            })
            .WithMetadata(new OciActionMetadata(action));

    private static ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, PolicyGate gate, string action)
    {
        var http = context.HttpContext;
        var path = http.Items[OciPathConstraint.ItemKey] as OciPath
            ?? throw new InvalidOperationException("RequiresAction on a route without the oci constraint");
        if (!RepositoryName.IsValid(path.Name))
        {
            return ValueTask.FromResult<object?>(OciResults.Error(OciErrorCode.NameInvalid, "invalid repository name"));
        }
        var principal = http.GetPrincipal();
        if (gate.Check(http, principal, action, path.Name) is { } denied)
        {
            return ValueTask.FromResult<object?>(denied);
        }
        return next(context);
    }
}

/// <summary>Endpoint metadata naming the policy action (the route enumeration test reads it).</summary>
public sealed record OciActionMetadata(string Action);
