using Mcr.Server.Auth;
using Mcr.Server.Errors;

namespace Mcr.Server.Admin;

/// <summary>
/// Marks a <c>/v1</c> endpoint as admin-only: callers without the <c>admin</c> role get 403
/// <c>{"error": "admin role required"}</c> before the handler runs. The metadata lets the route
/// enumeration test find every admin endpoint and prove the check.
/// </summary>
internal static class AdminOnly
{
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .AddEndpointFilter(static (context, next) =>
                context.HttpContext.GetPrincipal().IsAdmin
                    ? next(context)
                    : ValueTask.FromResult<object?>(new AdminErrorResult(StatusCodes.Status403Forbidden, "admin role required")))
            .WithMetadata(AdminOnlyMetadata.Instance);
}

/// <summary>Endpoint metadata: the endpoint requires the admin role.</summary>
public sealed class AdminOnlyMetadata
{
    public static readonly AdminOnlyMetadata Instance = new();

    private AdminOnlyMetadata()
    {
    }
}
