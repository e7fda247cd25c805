using System.CommandLine;
using System.Diagnostics;
using Mcr.Cli.Client;
using Mcr.Cli.Output;
using Spectre.Console;

namespace Mcr.Cli.Commands.Gc;

/// <summary>
/// <c>mcrctl gc [--reconcile] [--delete-untagged] [--wait]</c> starts a run on the server (admin); with <c>--wait</c>
/// it polls the status, with a spinner on a terminal, and prints the result. <c>mcrctl gc status</c> shows the run
/// in progress and the last result.
/// </summary>
internal static class GcCommands
{
    /// <summary>How often <c>--wait</c> asks for the status.</summary>
    internal static TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public static Command Create(CommandRunner runner)
    {
        var reconcile = new Option<bool>("--reconcile") { Description = "Crash recovery instead: remove blob files without a row and stale uploads" };
        var deleteUntagged = new Option<bool>("--delete-untagged") { Description = "Also delete manifests no tag, index or subject keeps" };
        var wait = new Option<bool>("--wait", "-w") { Description = "Wait for the run to finish and print its result" };
        var command = new Command("gc", "Start garbage collection on the server (admin)") { reconcile, deleteUntagged, wait, Status(runner) };
        runner.Authenticated(command, p => p.GetValue(reconcile) ? "start a reconcile run" : "start garbage collection", async (call, cancellationToken) =>
        {
            if (call.Value(reconcile) && call.Value(deleteUntagged))
            {
                throw new UsageException("--reconcile and --delete-untagged are exclusive");
            }
            var started = await call.Client.Admin.StartGcAsync(call.Value(reconcile), call.Value(deleteUntagged), cancellationToken);
            var output = call.Session.Output;
            if (!call.Value(wait))
            {
                output.Write(started, o => o.Line($"Started run {started.Id}; `mcrctl gc status` shows its progress (or pass --wait)."));
                return ExitCodes.Ok;
            }
            var run = await WaitAsync(call, started.Id, cancellationToken);
            output.Write(run, o => o.Line(Describe(run)));
            if (run.Error is not null)
            {
                output.Error.WriteLine($"error: run {run.Id} failed on the server: {run.Error}");
                return ExitCodes.General;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(CommandRunner runner)
    {
        var command = new Command("status", "Show the run in progress and the last result");
        runner.Authenticated(command, _ => "get the GC status", async (call, cancellationToken) =>
        {
            var status = await call.Client.Admin.GetGcStatusAsync(cancellationToken);
            call.Session.Output.Write(status, o =>
            {
                o.Line(status.Current is { } current
                    ? $"running: {current.Kind} run {current.Id}, started {Format.Time(current.StartedAt)}"
                    : "running: no");
                o.Line(status.LastRun is { } last ? $"last run: {Describe(last)}" : "last run: none yet");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Polls until the run is the last completed one; a spinner with the elapsed time on a terminal's stderr.</summary>
    private static async Task<GcRun> WaitAsync(Invocation call, string id, CancellationToken cancellationToken)
    {
        var io = call.Session.Io;
        if (!io.ErrorIsTerminal)
        {
            return await PollAsync(call, id, _ => { }, cancellationToken);
        }
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(io.Error) });
        GcRun? result = null;
        await terminal.Status().Spinner(Spinner.Known.Dots).StartAsync($"run {id}: starting", async context =>
        {
            var clock = Stopwatch.StartNew();
            result = await PollAsync(call, id, run => context.Status(Markup.Escape(
                $"{run.Kind} run {id}: running for {Format.Duration((long)clock.Elapsed.TotalMilliseconds)}")), cancellationToken);
        });
        return result!;
    }

    private static async Task<GcRun> PollAsync(Invocation call, string id, Action<GcRun> progress, CancellationToken cancellationToken)
    {
        for (var unseen = 0; ;)
        {
            var status = await call.Client.Admin.GetGcStatusAsync(cancellationToken);
            if (status.LastRun is { } last && last.Id == id)
            {
                return last;
            }
            if (status.Current is { } current && current.Id == id)
            {
                progress(current);
            }
            else if (++unseen > 20)
            {
                throw new McrClientException(ClientErrorKind.General, $"run {id} is neither running nor the last run (another run may have finished after it)");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>One line per run, as <c>mcrsrv gc</c> prints it, with sizes for people.</summary>
    public static string Describe(GcRun run)
    {
        var when = $"{Format.Time(run.StartedAt)}, {Format.Duration(run.DurationMs)}";
        if (run.CompletedAt is null)
        {
            return $"{run.Kind} run {run.Id}: still running (started {Format.Time(run.StartedAt)})";
        }
        if (run.Error is not null)
        {
            return $"{run.Kind} run {run.Id} failed ({when}): {run.Error}";
        }
        if (run.Kind == "reconcile")
        {
            return $"reconcile run {run.Id} ({when}): removed {run.FilesRemoved} files ({Format.Size(run.BytesFreed)}) and {run.UploadsRemoved} stale uploads";
        }
        var kept = run.Kept is { } k ? $"; kept {k.Referenced} blobs referenced by a manifest, {k.WithinGrace} within the grace period" : "";
        return $"gc run {run.Id} ({when}): removed {run.BlobsRemoved} blobs ({Format.Size(run.BytesFreed)} freed), {run.ManifestsRemoved} untagged manifests{kept}";
    }
}
