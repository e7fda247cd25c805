namespace Mcr.Server.Health;

/// <summary>
/// <c>GET /readyz</c>, unauthenticated, for load balancers: 200 while this replica takes new requests (started,
/// not draining, database and storage answering), else 503. Outside <c>/v1</c>: a probe of one process, like
/// <c>/metrics</c>, not part of the admin API.
/// </summary>
internal static class ReadinessEndpoints
{
    public const string Route = "/readyz";

    public static IEndpointRouteBuilder MapReadinessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, CheckAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> CheckAsync(Readiness readiness, RegistryHealth health, CancellationToken cancellationToken)
    {
        var state = readiness.State;
        if (state != Readiness.Ready)
        {
            return TypedResults.Json(new HealthResponse(state, new Dictionary<string, string>()), McrJsonContext.Default.HealthResponse, statusCode: 503);
        }
        var checks = await health.CheckAsync(cancellationToken);
        var ready = checks.Status == RegistryHealth.Ok;
        return TypedResults.Json(checks with { Status = ready ? Readiness.Ready : RegistryHealth.Unavailable },
            McrJsonContext.Default.HealthResponse, statusCode: ready ? 200 : 503);
    }
}
