using System.CommandLine;
using System.Globalization;
using Mcr.Infrastructure.Gc;

namespace Mcr.Server.Cli;

/// <summary>
/// <c>mcrsrv gc</c>: runs garbage collection (or with <c>--reconcile</c>, crash recovery) directly on the
/// database and storage, then prints the result. The GC lock is per process, so it refuses to run while a
/// server holds the data directory (<see cref="DataDirectoryLock"/>); on a running server use <c>POST /v1/gc</c>.
/// </summary>
internal static class GcCommand
{
    public static Command Create()
    {
        var settings = new SettingsOptions();
        var deleteUntagged = new Option<bool>("--delete-untagged")
        {
            Description = "Also delete manifests that no tag and no index references (and unused upload links), older than gc.grace_period",
        };
        var reconcile = new Option<bool>("--reconcile")
        {
            Description = "Instead of collecting, remove blob files that have no database row and uploads older than gc.upload_ttl",
        };
        var command = new Command("gc", "Garbage-collect unreferenced blobs (stop the server first, or use POST /v1/gc)") { deleteUntagged, reconcile };
        settings.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(reconcile) && parse.GetValue(deleteUntagged))
            {
                Console.Error.WriteLine("error: --reconcile and --delete-untagged are exclusive");
                return 2;
            }
            if (settings.Resolve(parse) is not { } resolved)
            {
                return 2;
            }
            var request = new GcRequest(parse.GetValue(reconcile) ? GcRunKind.Reconcile : GcRunKind.Collect, parse.GetValue(deleteUntagged));
            return await RunAsync(resolved, request, Console.Out, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs once on the settings' database and storage, through the same coordinator as <c>POST /v1/gc</c>, and prints the result.</summary>
    internal static async Task<int> RunAsync(McrSettings settings, GcRequest kind, TextWriter output, CancellationToken cancellationToken)
    {
        using var dataLock = DataDirectoryLock.TryAcquire(settings.DataDirectory);
        if (dataLock is null)
        {
            Console.Error.WriteLine($"error: a server (or another `mcrsrv gc`) is using {settings.DataDirectory}; stop it first, or use POST /v1/gc on the running server");
            return 1;
        }
        GcRunResult result;
        await using (var services = await CliServices.StartAsync(settings.Options, cancellationToken))
        {
            var request = kind with { ActorId = CliServices.Operator.ActorId };
            result = await services.Get<GcCoordinator>().RunAsync(request, cancellationToken);
        }
        if (result is not GcRunResult.Finished { Run: var run } finished)
        {
            Console.Error.WriteLine("error: another garbage collection run is in progress");
            return 1;
        }
        if (run.Error is not null)
        {
            Console.Error.WriteLine($"error: garbage collection failed: {run.Error}");
            return 1;
        }
        output.WriteLine(Format(run, finished.Report));
        return 0;
    }

    private static string Format(GcRunRecord run, GcReport? report)
    {
        var c = CultureInfo.InvariantCulture;
        var seconds = (report?.Duration ?? run.Duration ?? TimeSpan.Zero).TotalSeconds.ToString("0.###", c);
        if (run.Kind == GcRunKind.Reconcile)
        {
            return string.Create(c, $"reconcile {run.Id}: removed {run.FilesRemoved} files ({run.BytesFreed} bytes) and {run.UploadsRemoved} stale uploads in {seconds}s");
        }
        var kept = run.Kept ?? GcKept.None;
        return string.Create(c, $"""
            gc {run.Id}: removed {run.BlobsRemoved} blobs ({run.BytesFreed} bytes freed), {run.ManifestsRemoved} untagged manifests, in {seconds}s
            kept {kept.Referenced} blobs referenced by a manifest, {kept.WithinGrace} seen, uploaded or mounted within the grace period
            """);
    }
}
