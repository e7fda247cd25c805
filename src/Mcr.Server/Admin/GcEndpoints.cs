using Mcr.Infrastructure.Gc;
using Mcr.Server.Auth;
using Mcr.Server.Errors;

namespace Mcr.Server.Admin;

/// <summary>
/// Garbage collection over REST (SPEC §9, §10), admin only: <c>POST /v1/gc[?delete_untagged=true]</c> and
/// <c>POST /v1/gc/reconcile</c> start a background run (202 <c>{"id"}</c>, 409 while one runs);
/// <c>GET /v1/gc/status</c> shows the current run and the last result. The work is <see cref="GcCoordinator"/>'s.
/// </summary>
internal static class GcEndpoints
{
    public const string Route = "/v1/gc";
    public const string StatusRoute = "/v1/gc/status";
    public const string ReconcileRoute = "/v1/gc/reconcile";

    public static IEndpointRouteBuilder MapGcEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, StartCollect).RequireAdmin();
        app.MapPost(ReconcileRoute, StartReconcile).RequireAdmin();
        app.MapGet(StatusRoute, GetStatusAsync).RequireAdmin();
        return app;
    }

    private static IResult StartCollect(HttpContext context, GcCoordinator coordinator)
    {
        if (!TryParseFlag(context.Request.Query["delete_untagged"], out var deleteUntagged))
        {
            return new AdminErrorResult(StatusCodes.Status400BadRequest, "delete_untagged must be true or false");
        }
        return Start(context, coordinator, GcRunKind.Collect, deleteUntagged);
    }

    private static IResult StartReconcile(HttpContext context, GcCoordinator coordinator) =>
        Start(context, coordinator, GcRunKind.Reconcile, deleteUntagged: false);

    private static IResult Start(HttpContext context, GcCoordinator coordinator, GcRunKind kind, bool deleteUntagged)
    {
        var request = new GcRequest(kind, deleteUntagged, context.GetPrincipal().Subject, context.ClientIp());
        return coordinator.TryStart(request) switch
        {
            GcStartResult.Started started => TypedResults.Json(
                new GcStartedResponse(started.RunId), GcJsonContext.Default.GcStartedResponse, statusCode: StatusCodes.Status202Accepted),
            GcStartResult.AlreadyRunning running => new AdminErrorResult(
                StatusCodes.Status409Conflict, $"garbage collection run {running.RunningId} is already in progress"),
            _ => throw new InvalidOperationException("unknown GC start result"),
        };
    }

    private static async Task<IResult> GetStatusAsync(GcCoordinator coordinator, CancellationToken cancellationToken)
    {
        var status = await coordinator.GetStatusAsync(cancellationToken);
        var body = new GcStatusResponse(status.Running, ToResponse(status.Current), ToResponse(status.LastRun));
        return TypedResults.Json(body, GcJsonContext.Default.GcStatusResponse);
    }

    private static GcRunResponse? ToResponse(GcRunRecord? run) => run is null ? null : new GcRunResponse(
        run.Id,
        GcRunRecord.KindName(run.Kind),
        run.StartedAt,
        run.CompletedAt,
        run.Duration is { } duration ? (long)duration.TotalMilliseconds : null,
        run.BlobsRemoved,
        run.BytesFreed,
        run.FilesRemoved,
        run.ManifestsRemoved,
        run.UploadsRemoved,
        run.Kept is { } kept ? new GcKeptResponse(kept.Referenced, kept.WithinGrace) : null,
        run.Error);

    /// <summary>Absent means false; otherwise exactly one of true/false/1/0 (any case).</summary>
    private static bool TryParseFlag(Microsoft.Extensions.Primitives.StringValues values, out bool value)
    {
        value = false;
        if (values.Count == 0)
        {
            return true;
        }
        if (values.Count > 1)
        {
            return false;
        }
        switch (values[0]?.ToLowerInvariant())
        {
            case "true" or "1":
                value = true;
                return true;
            case "false" or "0":
                return true;
            default:
                return false;
        }
    }
}
