using System.CommandLine;
using Mcr.Cli.Output;

namespace Mcr.Cli.Commands.Snapshot;

/// <summary><c>mcrctl snapshot</c>: a consistent copy of the server's database, in its data directory.</summary>
internal static class SnapshotCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("snapshot", "Write a consistent snapshot of the server's database (under <data>/snapshots)");
        runner.Authenticated(command, _ => "take a snapshot", async (call, cancellationToken) =>
        {
            var snapshot = await call.Client.Admin.SnapshotAsync(cancellationToken);
            call.Session.Output.Write(snapshot, o =>
                o.Line($"Snapshot written on the server: {snapshot.Path} ({Format.Size(snapshot.Size)}, {Format.Time(snapshot.CreatedAt)})"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
