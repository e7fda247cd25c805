using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Gc;
using static Mcr.Infrastructure.Tests.Gc.GcTestContext;

namespace Mcr.Infrastructure.Tests.Gc;

public sealed class GcCoordinatorTests : IAsyncLifetime
{
    private readonly GcTestContext _gc = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _gc.DisposeAsync();

    [Fact]
    public async Task TryStart_WhileARunIsInProgress_SecondRequestAlreadyRunning()
    {
        var coordinator = _gc.NewCoordinator();
        // An upload commit in flight: the run waits for it, so it is certainly still running below.
        var commit = await _gc.Lock.EnterCommitAsync();

        var started = Assert.IsType<GcStartResult.Started>(coordinator.TryStart(new GcRequest(GcRunKind.Collect)));
        var status = await coordinator.GetStatusAsync();
        var second = coordinator.TryStart(new GcRequest(GcRunKind.Reconcile));
        var inline = await coordinator.RunAsync(new GcRequest(GcRunKind.Collect));

        Assert.True(status.Running);
        Assert.Equal(started.RunId, status.Current?.Id);
        Assert.Null(status.Current?.CompletedAt);
        Assert.Equal(started.RunId, Assert.IsType<GcStartResult.AlreadyRunning>(second).RunningId);
        Assert.Equal(started.RunId, Assert.IsType<GcRunResult.AlreadyRunning>(inline).RunningId);

        commit.Dispose();
        await coordinator.WaitForIdleAsync();
        var after = await coordinator.GetStatusAsync();

        Assert.False(after.Running);
        Assert.Null(after.Current);
        Assert.Equal(started.RunId, after.LastRun?.Id);
        Assert.True(after.LastRun?.Succeeded);
    }

    [Fact]
    public async Task GetStatusAsync_AfterRestart_LastResultComesFromTheDatabase()
    {
        var digest = await _gc.StoreBlobAsync("team/app", Bytes(123));
        await _gc.Blobs.UnlinkAsync("team/app", digest);
        _gc.Time.Advance(TimeSpan.FromHours(2));
        var first = _gc.NewCoordinator();
        var finished = Assert.IsType<GcRunResult.Finished>(await first.RunAsync(new GcRequest(GcRunKind.Collect)));
        await first.DisposeAsync();

        var restarted = _gc.NewCoordinator();
        var status = await restarted.GetStatusAsync();

        Assert.False(status.Running);
        Assert.Equal(finished.Run, status.LastRun);
        Assert.Equal(1, status.LastRun?.BlobsRemoved);
        Assert.Equal(123, status.LastRun?.BytesFreed);
        Assert.Equal(GcRunKind.Collect, status.LastRun?.Kind);
        Assert.NotNull(status.LastRun?.CompletedAt);
    }

    [Fact]
    public async Task GetStatusAsync_NoRunEver_NotRunningAndNoLastRun()
    {
        var status = await _gc.NewCoordinator().GetStatusAsync();

        Assert.Equal(new GcStatus(false, null, null), status);
    }

    [Fact]
    public async Task GetStatusAsync_RunInterruptedByACrash_LastCompletedRunShown()
    {
        var coordinator = _gc.NewCoordinator();
        var done = Assert.IsType<GcRunResult.Finished>(await coordinator.RunAsync(new GcRequest(GcRunKind.Reconcile)));
        _gc.Time.Advance(TimeSpan.FromMinutes(1));
        await new GcRunStore(_gc.Db.Database).InsertAsync(new GcRunRecord("crashed", GcRunKind.Collect, _gc.Time.GetUtcNow()));

        var status = await _gc.NewCoordinator().GetStatusAsync();

        Assert.Equal(done.Run.Id, status.LastRun?.Id);
        Assert.Equal(GcRunKind.Reconcile, status.LastRun?.Kind);
    }

    [Fact]
    public async Task RunAsync_WritesStartedAndCompletedAuditEvents()
    {
        var coordinator = _gc.NewCoordinator();

        var finished = Assert.IsType<GcRunResult.Finished>(
            await coordinator.RunAsync(new GcRequest(GcRunKind.Collect, DeleteUntagged: true, ActorId: "admin-subject", ClientIp: "10.0.0.1")));
        await _gc.Audit.FlushAsync();

        var store = new AuditStore(_gc.Db.Database);
        var started = Assert.Single((await store.ListAsync(new AuditQuery { EventType = AuditEventTypes.GcStarted })).Items).Event;
        var completed = Assert.Single((await store.ListAsync(new AuditQuery { EventType = AuditEventTypes.GcCompleted })).Items).Event;
        Assert.Equal("admin-subject", started.ActorId);
        Assert.Equal("10.0.0.1", started.ClientIp);
        Assert.Equal(finished.Run.Id, started.Details?["run_id"]);
        Assert.Equal("true", started.Details?["delete_untagged"]);
        Assert.Equal(finished.Run.Id, completed.Details?["run_id"]);
        Assert.Equal("0", completed.Details?["blobs_removed"]);
        Assert.False(completed.Details?.ContainsKey("error"));
    }

    [Fact]
    public async Task RunAsync_EngineBusyOutsideTheCoordinator_RecordsTheRunAsFailed()
    {
        var coordinator = _gc.NewCoordinator();
        using var other = await _gc.Lock.TryEnterCollectAsync();

        var finished = Assert.IsType<GcRunResult.Finished>(await coordinator.RunAsync(new GcRequest(GcRunKind.Collect)));

        Assert.NotNull(finished.Run.Error);
        Assert.False(finished.Run.Succeeded);
        Assert.Null(finished.Report);
        Assert.Equal(finished.Run, (await _gc.NewCoordinator().GetStatusAsync()).LastRun);
    }

    [Fact]
    public async Task RunAsync_Cancelled_RecordsCancelledRun()
    {
        var coordinator = _gc.NewCoordinator();
        var commit = await _gc.Lock.EnterCommitAsync();
        using var cancel = new CancellationTokenSource();

        var running = coordinator.RunAsync(new GcRequest(GcRunKind.Collect), cancel.Token);
        await cancel.CancelAsync();
        var finished = Assert.IsType<GcRunResult.Finished>(await running);
        commit.Dispose();

        Assert.Equal("cancelled", finished.Run.Error);
        Assert.False((await coordinator.GetStatusAsync()).Running);
    }
}
