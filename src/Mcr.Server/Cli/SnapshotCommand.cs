using System.CommandLine;
using Mcr.Infrastructure.Admin;

namespace Mcr.Server.Cli;

/// <summary>
/// <c>mcrsrv snapshot</c>: writes a consistent copy of the database (<c>VACUUM INTO</c>) to
/// <c>&lt;data&gt;/snapshots/mcr-&lt;UTC time&gt;.db</c> through the same service as <c>POST /v1/snapshot</c>,
/// and prints its path. Safe while the server runs (SQLite WAL).
/// </summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var settings = new SettingsOptions();
        var command = new Command("snapshot", "Write a consistent copy of the database to a timestamped file");
        settings.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (settings.Resolve(parse) is not { } resolved)
            {
                return 2;
            }
            await using var services = await CliServices.StartAsync(resolved.Options, cancellationToken);
            var result = await services.Get<SnapshotService>().CreateAsync(CliServices.Operator, cancellationToken);
            if (!result.IsOk)
            {
                Console.Error.WriteLine($"error: {result.Error!.Message}");
                return 1;
            }
            Console.WriteLine(result.Value!.Path);
            return 0;
        });
        return command;
    }
}
