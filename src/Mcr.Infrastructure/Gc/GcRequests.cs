namespace Mcr.Infrastructure.Gc;

/// <summary>
/// A request for a run. <paramref name="DeleteUntagged"/> applies to <see cref="GcRunKind.Collect"/> only.
/// <paramref name="ActorId"/> and <paramref name="ClientIp"/> go into the audit events (null from the CLI).
/// </summary>
public sealed record GcRequest(GcRunKind Kind, bool DeleteUntagged = false, string? ActorId = null, string? ClientIp = null);

/// <summary>Outcome of <see cref="GcCoordinator.TryStart"/>.</summary>
public abstract record GcStartResult
{
    private GcStartResult()
    {
    }

    /// <summary>The run started in the background; follow it with <see cref="GcCoordinator.GetStatusAsync"/>.</summary>
    public sealed record Started(string RunId) : GcStartResult;

    /// <summary>Another run is in progress (→ 409); nothing was started.</summary>
    public sealed record AlreadyRunning(string RunningId) : GcStartResult;
}

/// <summary>Outcome of <see cref="GcCoordinator.RunAsync"/>.</summary>
public abstract record GcRunResult
{
    private GcRunResult()
    {
    }

    /// <summary>
    /// The run ended: <see cref="GcRunRecord.Error"/> says whether it failed. <paramref name="Report"/> has the
    /// detailed counts when the engine completed.
    /// </summary>
    public sealed record Finished(GcRunRecord Run, GcReport? Report) : GcRunResult;

    /// <summary>Another run is in progress; nothing was done.</summary>
    public sealed record AlreadyRunning(string RunningId) : GcRunResult;
}

/// <summary>
/// What <c>GET /v1/gc/status</c> shows: whether a run is in progress (and which), and the last completed
/// run of either kind (from the database after a restart).
/// </summary>
public sealed record GcStatus(bool Running, GcRunRecord? Current, GcRunRecord? LastRun);
