using Mcr.Infrastructure.Admin;

namespace Mcr.Server.Admin;

/// <summary>
/// <c>GET /v1/stats</c>: counts, bytes and the newest pushes, for any authenticated caller; an admin's cover the
/// whole registry, anyone else's only the repositories they may pull (see <see cref="StatsAdminService"/>).
/// </summary>
internal static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AdminRoutes.Stats, GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext http, StatsAdminService service)
    {
        var result = await service.GetAsync(http.Caller(), http.RequestAborted);
        return result.ToResult(stats => AdminHttp.Json(stats, AdminJsonContext.Default.RegistryStats));
    }
}
