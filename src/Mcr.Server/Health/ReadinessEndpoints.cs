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
            return TypedResults.Json(new ReadinessResponse(state, null), McrJsonContext.Default.ReadinessResponse, statusCode: 503);
        }
        var checks = await health.CheckAsync(cancellationToken);
        var ready = checks.Status == RegistryHealth.Ok;
        return TypedResults.Json(new ReadinessResponse(ready ? Readiness.Ready : RegistryHealth.Unavailable, checks.Checks),
            McrJsonContext.Default.ReadinessResponse, statusCode: ready ? 200 : 503);
    }
}

public sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, string>? Checks);
