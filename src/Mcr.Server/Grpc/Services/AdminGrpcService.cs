using Grpc.Core;
using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Gc;
using Mcr.Protocol.V1;
using Mcr.Server.Auth;
using Mcr.Server.Health;
using GcStatus = Mcr.Protocol.V1.GcStatus;
using HealthResponse = Mcr.Protocol.V1.HealthResponse;
using LoginRequest = Mcr.Protocol.V1.LoginRequest;
using LoginResponse = Mcr.Protocol.V1.LoginResponse;
using SnapshotInfo = Mcr.Protocol.V1.SnapshotInfo;

namespace Mcr.Server.Grpc.Services;

/// <summary>
/// AdminService: health, sessions, GC and snapshots, on the same services as <c>/v1/health</c>,
/// <c>/v1/auth/*</c>, <c>/v1/gc*</c> and <c>/v1/snapshot</c>.
/// </summary>
internal sealed class AdminGrpcService(
    RegistryHealth health,
    Sessions sessions,
    Authenticator authenticator,
    GcCoordinator gc,
    SnapshotService snapshots) : AdminService.AdminServiceBase
{
    public override async Task<HealthResponse> Health(HealthRequest request, ServerCallContext context)
    {
        var result = await health.CheckAsync(context.CancellationToken);
        var response = new HealthResponse { Status = result.Status };
        response.Checks.AddAll(result.Checks);
        return response;
    }

    public override async Task<LoginResponse> Login(LoginRequest request, ServerCallContext context)
    {
        if (request.Username.Length == 0 || request.Password.Length == 0)
        {
            throw GrpcErrors.Invalid("username and password are required");
        }
        var outcome = await sessions.LoginAsync(context.GetHttpContext(), request.Username, request.Password, "grpc_login", context.CancellationToken);
        if (!outcome.Succeeded)
        {
            throw GrpcErrors.Identity(outcome.Status, outcome.Status == Infrastructure.Identity.IdentityStatus.Denied ? outcome.Message : "invalid username or password");
        }
        return new LoginResponse { Token = outcome.Token!, ExpiresAt = GrpcCall.Time(outcome.ExpiresAt) };
    }

    public override async Task<LogoutResponse> Logout(LogoutRequest request, ServerCallContext context)
    {
        // The authentication interceptor accepted this bearer token; it is the one to revoke.
        if (BasicCredentials.TryParseBearer(context.RequestHeaders.GetValue("authorization"), out string? token))
        {
            await authenticator.LogoutAsync(token, context.CancellationToken);
        }
        return new LogoutResponse();
    }

    public override Task<GcStarted> GarbageCollect(GarbageCollectRequest request, ServerCallContext context) =>
        Task.FromResult(Start(context, GcRunKind.Collect, request.DeleteUntagged));

    public override Task<GcStarted> Reconcile(ReconcileRequest request, ServerCallContext context) =>
        Task.FromResult(Start(context, GcRunKind.Reconcile, deleteUntagged: false));

    public override async Task<GcStatus> GetGCStatus(GetGCStatusRequest request, ServerCallContext context)
    {
        var status = await gc.GetStatusAsync(context.CancellationToken);
        return new GcStatus { Running = status.Running, Current = ToMessage(status.Current), LastRun = ToMessage(status.LastRun) };
    }

    public override async Task<SnapshotInfo> Snapshot(SnapshotRequest request, ServerCallContext context)
    {
        var info = (await snapshots.CreateAsync(context.Caller(), context.CancellationToken)).Unwrap();
        return new SnapshotInfo { Path = info.Path, Size = info.Size, CreatedAt = GrpcCall.Time(info.CreatedAt) };
    }

    private GcStarted Start(ServerCallContext context, GcRunKind kind, bool deleteUntagged)
    {
        var caller = context.Caller();
        return gc.TryStart(new GcRequest(kind, deleteUntagged, caller.ActorId, caller.ClientIp)) switch
        {
            GcStartResult.Started started => new GcStarted { Id = started.RunId },
            GcStartResult.AlreadyRunning running => throw GrpcErrors.Of(
                AdminError.Conflict($"garbage collection run {running.RunningId} is already in progress")),
            _ => throw new InvalidOperationException("unknown GC start result"),
        };
    }

    private static GcRun? ToMessage(GcRunRecord? run)
    {
        if (run is null)
        {
            return null;
        }
        var message = new GcRun
        {
            Id = run.Id,
            Kind = GcRunRecord.KindName(run.Kind),
            StartedAt = GrpcCall.Time(run.StartedAt),
            CompletedAt = GrpcCall.Time(run.CompletedAt),
            BlobsRemoved = run.BlobsRemoved,
            BytesFreed = run.BytesFreed,
            FilesRemoved = run.FilesRemoved,
            ManifestsRemoved = run.ManifestsRemoved,
            UploadsRemoved = run.UploadsRemoved,
            Kept = run.Kept is { } kept ? new Protocol.V1.GcKept { Referenced = kept.Referenced, WithinGrace = kept.WithinGrace } : null,
        };
        if (run.Duration is { } duration)
        {
            message.DurationMs = (long)duration.TotalMilliseconds;
        }
        if (run.Error is { } error)
        {
            message.Error = error;
        }
        return message;
    }
}
