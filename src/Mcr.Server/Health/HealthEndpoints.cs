namespace Mcr.Server.Health;

/// <summary><c>GET /v1/health</c>: unauthenticated; 200 when the database answers and storage is readable, else 503.</summary>
internal static class HealthEndpoints
{
    public const string Route = "/v1/health";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, CheckAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> CheckAsync(RegistryHealth health, CancellationToken cancellationToken)
    {
        var result = await health.CheckAsync(cancellationToken);
        return TypedResults.Json(result, McrJsonContext.Default.HealthResponse,
            statusCode: result.Status == RegistryHealth.Ok ? 200 : 503);
    }
}
