using System.Globalization;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcr.Infrastructure.Gc;

/// <summary>
/// The GC application service that REST, gRPC and the CLI call (handlers only translate). At most one run
/// at a time per process: a second request gets "already running" instead of queueing. Keeps the current
/// run in memory, persists every run to <c>gc_runs</c> (so the last result survives a restart) and writes
/// <c>gc_started</c>/<c>gc_completed</c> audit events. Background runs stop when the coordinator is disposed
/// (application shutdown).
/// </summary>
public sealed class GcCoordinator : IAsyncDisposable, IDisposable
{
    private readonly GarbageCollector _collector;
    private readonly GcReconciler _reconciler;
    private readonly GcRunStore _runs;
    private readonly IAuditSink _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RegistryMetrics? _metrics;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _sync = new();
    private ActiveRun? _current;
    private GcRunRecord? _last;
    private bool _lastLoaded;

    public GcCoordinator(GarbageCollector collector, GcReconciler reconciler, GcRunStore runs, IAuditSink audit, TimeProvider time, ILogger<GcCoordinator>? logger = null,
        RegistryMetrics? metrics = null)
    {
        _collector = collector;
        _reconciler = reconciler;
        _runs = runs;
        _audit = audit;
        _time = time;
        _logger = logger ?? NullLogger<GcCoordinator>.Instance;
        _metrics = metrics;
    }

    /// <summary>Starts a run in the background and returns at once, or reports the run already in progress.</summary>
    public GcStartResult TryStart(GcRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryClaim(request, out var active, out var runningId))
        {
            return new GcStartResult.AlreadyRunning(runningId);
        }
        _ = Task.Run(() => ExecuteAsync(active, request, _shutdown.Token), CancellationToken.None);
        return new GcStartResult.Started(active.Run.Id);
    }

    /// <summary>Runs to completion (CLI, tests), or reports the run already in progress.</summary>
    public async Task<GcRunResult> RunAsync(GcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryClaim(request, out var active, out var runningId))
        {
            return new GcRunResult.AlreadyRunning(runningId);
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        var (run, report) = await ExecuteAsync(active, request, linked.Token);
        return new GcRunResult.Finished(run, report);
    }

    /// <summary>The current run (if any) and the last completed one.</summary>
    public async Task<GcStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        bool loaded;
        lock (_sync)
        {
            loaded = _lastLoaded;
        }
        if (!loaded)
        {
            var stored = await _runs.GetLastCompletedAsync(cancellationToken);
            lock (_sync)
            {
                // A run that finished meanwhile is newer than what the database had.
                _last ??= stored;
                _lastLoaded = true;
            }
        }
        lock (_sync)
        {
            return new GcStatus(_current is not null, _current?.Run, _last);
        }
    }

    /// <summary>Completes when no run is in progress (tests; shutdown).</summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            return _current?.Done.Task.WaitAsync(cancellationToken) ?? Task.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_shutdown.IsCancellationRequested)
        {
            await _shutdown.CancelAsync();
        }
        await WaitForIdleAsync();
        _shutdown.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private bool TryClaim(GcRequest request, out ActiveRun active, out string runningId)
    {
        lock (_sync)
        {
            if (_current is { } running)
            {
                active = null!;
                runningId = running.Run.Id;
                return false;
            }
            var now = _time.GetUtcNow();
            active = new ActiveRun(new GcRunRecord(Guid.CreateVersion7(now).ToString("D"), request.Kind, now));
            _current = active;
            runningId = "";
            return true;
        }
    }

    /// <summary>Never throws: a failure is recorded as the run's error.</summary>
    private async Task<(GcRunRecord Run, GcReport? Report)> ExecuteAsync(ActiveRun active, GcRequest request, CancellationToken cancellationToken)
    {
        var run = active.Run;
        var kind = GcRunRecord.KindName(run.Kind);
        GcReport? report = null;
        string? error = null;
        try
        {
            await _runs.InsertAsync(run, cancellationToken);
            GcLog.RunStarted(_logger, run.Id, kind);
            Audit(AuditEventTypes.GcStarted, request, new()
            {
                ["run_id"] = run.Id,
                ["kind"] = kind,
                ["delete_untagged"] = request.DeleteUntagged ? "true" : "false",
            });
            var outcome = run.Kind == GcRunKind.Reconcile
                ? await _reconciler.ReconcileAsync(cancellationToken)
                : await _collector.CollectAsync(request.DeleteUntagged, cancellationToken);
            if (outcome is GcOutcome.Completed completed)
            {
                report = completed.Report;
            }
            else
            {
                error = "another garbage collection run holds the lock";
            }
        }
        catch (OperationCanceledException)
        {
            error = "cancelled";
        }
        catch (Exception e)
        {
            GcLog.RunFailed(_logger, run.Id, kind, e);
            error = e.Message;
        }
        var finished = run with
        {
            CompletedAt = _time.GetUtcNow(),
            BlobsRemoved = report?.BlobsRemoved ?? 0,
            BytesFreed = report?.BytesFreed ?? 0,
            FilesRemoved = report?.FilesRemoved ?? 0,
            ManifestsRemoved = report?.ManifestsRemoved ?? 0,
            UploadsRemoved = report?.UploadsRemoved ?? 0,
            Kept = report is { Kind: GcRunKind.Collect } ? report.Kept : null,
            Error = error,
        };
        try
        {
            await _runs.CompleteAsync(finished, CancellationToken.None);
        }
        catch (Exception e)
        {
            GcLog.RunFailed(_logger, run.Id, kind, e);
        }
        Audit(AuditEventTypes.GcCompleted, request, CompletedDetails(finished, report));
        _metrics?.GcFinished(kind, finished.CompletedAt.Value - run.StartedAt, error is null, finished.BytesFreed, finished.BlobsRemoved);
        lock (_sync)
        {
            _last = finished;
            _current = null;
        }
        active.Done.TrySetResult();
        return (finished, report);
    }

    private static Dictionary<string, string> CompletedDetails(GcRunRecord run, GcReport? report)
    {
        var details = new Dictionary<string, string>
        {
            ["run_id"] = run.Id,
            ["kind"] = GcRunRecord.KindName(run.Kind),
            ["blobs_removed"] = Text(run.BlobsRemoved),
            ["bytes_freed"] = Text(run.BytesFreed),
            ["files_removed"] = Text(run.FilesRemoved),
        };
        if (report is not null)
        {
            details["manifests_removed"] = Text(report.ManifestsRemoved);
            details["uploads_removed"] = Text(report.UploadsRemoved);
            details["kept_referenced"] = Text(report.Kept.Referenced);
            details["kept_within_grace"] = Text(report.Kept.WithinGrace);
            details["duration_ms"] = Text((long)report.Duration.TotalMilliseconds);
        }
        if (run.Error is not null)
        {
            details["error"] = run.Error;
        }
        return details;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Audit(string eventType, GcRequest request, Dictionary<string, string> details) =>
        _audit.Record(new AuditEvent(_time.GetUtcNow(), eventType, request.ActorId, ClientIp: request.ClientIp, Details: details));

    private sealed class ActiveRun(GcRunRecord run)
    {
        public GcRunRecord Run { get; } = run;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
