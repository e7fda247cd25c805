using Mcr.Infrastructure.Database;
using Mcr.Infrastructure.Storage;

namespace Mcr.Server.Health;

/// <summary><c>GET /v1/health</c>: unauthenticated; checks that the database answers and storage is readable.</summary>
internal static class HealthEndpoints
{
    public const string Route = "/v1/health";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, CheckAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> CheckAsync(SqliteDatabase database, IBlobStore blobs, CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, string>();
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            checks["database"] = "ok";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            checks["database"] = "unavailable";
        }
        try
        {
            await foreach (var _ in blobs.ListUploadsAsync(cancellationToken))
            {
                break;
            }
            checks["storage"] = "ok";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            checks["storage"] = "unavailable";
        }
        var healthy = checks.Values.All(v => v == "ok");
        return TypedResults.Json(new HealthResponse(healthy ? "ok" : "unavailable", checks), McrJsonContext.Default.HealthResponse,
            statusCode: healthy ? 200 : 503);
    }
}

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);
