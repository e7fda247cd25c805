using Grpc.Core;
using Mcr.Infrastructure.Gc;
using Mcr.Protocol.V1;
using Mcr.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Grpc;

public sealed class AdminServiceTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    private AdminService.AdminServiceClient Admin => new(fixture.Admin.Invoker);

    [Fact]
    public async Task Health_WithoutCredentials_Ok()
    {
        var health = await new AdminService.AdminServiceClient(fixture.Anonymous.Invoker).HealthAsync(new HealthRequest());

        Assert.Equal("ok", health.Status);
        Assert.Equal("ok", health.Checks["database"]);
        Assert.Equal("ok", health.Checks["storage"]);
    }

    [Fact]
    public async Task StandardHealthService_Serving()
    {
        var health = new global::Grpc.Health.V1.Health.HealthClient(fixture.Anonymous.Invoker);

        var reply = await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest());

        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_WithToken_ListsTheServices()
    {
        var reflection = new global::Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(fixture.Admin.Invoker);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new global::Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("mcr.v1.RegistryService", names);
        Assert.Contains("mcr.v1.AdminService", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [Fact]
    public async Task Login_ThenLogout_TokenWorksThenIsRevoked()
    {
        var anonymous = new AdminService.AdminServiceClient(fixture.Anonymous.Invoker);
        var login = await anonymous.LoginAsync(new LoginRequest { Username = "admin", Password = McrTestServer.AdminPassword });
        Assert.True(login.ExpiresAt.ToDateTimeOffset() > DateTimeOffset.UtcNow);
        using var session = new GrpcTestChannel(fixture.Server, login.Token);
        var client = new AdminService.AdminServiceClient(session.Invoker);

        await client.GetGCStatusAsync(new GetGCStatusRequest());
        await client.LogoutAsync(new LogoutRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.GetGCStatusAsync(new GetGCStatusRequest()));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Theory]
    [InlineData("admin", "wrong-password-of-length", StatusCode.Unauthenticated)]
    [InlineData("nobody", "wrong-password-of-length", StatusCode.Unauthenticated)]
    [InlineData("", "x", StatusCode.InvalidArgument)]
    [InlineData("admin", "", StatusCode.InvalidArgument)]
    public async Task Login_BadCredentials_Refused(string username, string password, StatusCode expected)
    {
        var anonymous = new AdminService.AdminServiceClient(fixture.Anonymous.Invoker);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await anonymous.LoginAsync(new LoginRequest { Username = username, Password = password }));

        Assert.Equal(expected, refused.StatusCode);
    }

    [Fact]
    public async Task GarbageCollect_RunsAndStatusReportsIt()
    {
        var coordinator = fixture.Server.Services.GetRequiredService<GcCoordinator>();
        await coordinator.WaitForIdleAsync();

        var started = await Admin.GarbageCollectAsync(new GarbageCollectRequest());
        await coordinator.WaitForIdleAsync();
        var status = await Admin.GetGCStatusAsync(new GetGCStatusRequest());

        Assert.False(status.Running);
        Assert.Equal(started.Id, status.LastRun.Id);
        Assert.Equal("gc", status.LastRun.Kind);
        Assert.True(status.LastRun.HasDurationMs);
        Assert.False(status.LastRun.HasError);
        Assert.NotNull(status.LastRun.Kept);
    }

    [Fact]
    public async Task GarbageCollect_WhileARunIsInProgress_FailedPrecondition()
    {
        var coordinator = fixture.Server.Services.GetRequiredService<GcCoordinator>();
        await coordinator.WaitForIdleAsync();
        // An upload commit in flight holds the run back, so the first run is certainly still going.
        var commit = await fixture.Server.Services.GetRequiredService<GcLock>().EnterCommitAsync();
        RpcException? second;
        try
        {
            await Admin.GarbageCollectAsync(new GarbageCollectRequest());
            second = await Assert.ThrowsAsync<RpcException>(async () => await Admin.ReconcileAsync(new ReconcileRequest()));
            Assert.True((await Admin.GetGCStatusAsync(new GetGCStatusRequest())).Running);
        }
        finally
        {
            commit.Dispose();
        }
        await coordinator.WaitForIdleAsync();

        Assert.Equal(StatusCode.FailedPrecondition, second.StatusCode);
        Assert.Contains("already in progress", second.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_WritesACopyOfTheDatabase()
    {
        var snapshot = await Admin.SnapshotAsync(new SnapshotRequest());

        Assert.True(File.Exists(snapshot.Path));
        Assert.Equal(new FileInfo(snapshot.Path).Length, snapshot.Size);
    }
}
