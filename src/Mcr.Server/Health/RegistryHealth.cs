using Mcr.Infrastructure.Database;
using Mcr.Infrastructure.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mcr.Server.Health;

/// <summary>
/// Whether the registry can serve: the database answers and the storage is readable. One check behind
/// <c>/v1/health</c>, the admin API's Health RPC and the standard <c>grpc.health.v1</c> service.
/// </summary>
internal sealed class RegistryHealth(SqliteDatabase database, IBlobStore blobs) : IHealthCheck
{
    public const string Ok = "ok";
    public const string Unavailable = "unavailable";

    public async Task<HealthResponse> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, string>();
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            checks["database"] = Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            checks["database"] = Unavailable;
        }
        try
        {
            await foreach (var _ in blobs.ListUploadsAsync(cancellationToken))
            {
                break;
            }
            checks["storage"] = Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            checks["storage"] = Unavailable;
        }
        var healthy = checks.Values.All(v => v == Ok);
        return new HealthResponse(healthy ? Ok : Unavailable, checks);
    }

    async Task<HealthCheckResult> IHealthCheck.CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var health = await CheckAsync(cancellationToken);
        return health.Status == Ok
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(string.Join(", ", health.Checks.Where(c => c.Value != Ok).Select(c => $"{c.Key} {c.Value}")));
    }
}

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);
