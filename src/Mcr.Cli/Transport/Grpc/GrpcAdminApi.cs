using Mcr.Cli.Client;
using V1 = Mcr.Protocol.V1;

namespace Mcr.Cli.Transport.Grpc;

internal sealed class GrpcAdminApi(GrpcConnection grpc) : IAdminApi
{
    private readonly V1.AdminService.AdminServiceClient _client = new(grpc.Channel);

    public async Task<Health> HealthAsync(CancellationToken cancellationToken)
    {
        var health = await grpc.CallAsync(o => _client.HealthAsync(new V1.HealthRequest(), o), cancellationToken);
        return new Health(health.Status, new Dictionary<string, string>(health.Checks));
    }

    public async Task<LoginToken> LoginAsync(string username, string password, CancellationToken cancellationToken)
    {
        var request = new V1.LoginRequest { Username = username, Password = password };
        var login = await grpc.CallAsync(o => _client.LoginAsync(request, o), cancellationToken);
        return new LoginToken(login.Token, ProtoMapping.Time(login.ExpiresAt));
    }

    public Task LogoutAsync(CancellationToken cancellationToken) =>
        grpc.CallAsync(o => _client.LogoutAsync(new V1.LogoutRequest(), o), cancellationToken);

    public async Task<GcStarted> StartGcAsync(bool reconcile, bool deleteUntagged, CancellationToken cancellationToken)
    {
        var started = reconcile
            ? await grpc.CallAsync(o => _client.ReconcileAsync(new V1.ReconcileRequest(), o), cancellationToken)
            : await grpc.CallAsync(o => _client.GarbageCollectAsync(new V1.GarbageCollectRequest { DeleteUntagged = deleteUntagged }, o), cancellationToken);
        return new GcStarted(started.Id);
    }

    public async Task<GcStatus> GetGcStatusAsync(CancellationToken cancellationToken)
    {
        var status = await grpc.CallAsync(o => _client.GetGCStatusAsync(new V1.GetGCStatusRequest(), o), cancellationToken);
        return new GcStatus(status.Running, ProtoMapping.Run(status.Current), ProtoMapping.Run(status.LastRun));
    }

    public async Task<SnapshotInfo> SnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = await grpc.CallAsync(o => _client.SnapshotAsync(new V1.SnapshotRequest(), o), cancellationToken);
        return new SnapshotInfo(snapshot.Path, snapshot.Size, ProtoMapping.Time(snapshot.CreatedAt));
    }
}
