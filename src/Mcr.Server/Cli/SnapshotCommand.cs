using System.CommandLine;
using System.Globalization;
using Mcr.Infrastructure.Database;

namespace Mcr.Server.Cli;

/// <summary><c>mcrsrv snapshot</c>: writes a consistent copy of the database (<c>VACUUM INTO</c>) to a timestamped file.</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var settings = new SettingsOptions();
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for the snapshot (default <data>/snapshots)" };
        var command = new Command("snapshot", "Write a consistent copy of the database to a timestamped file");
        settings.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            if (settings.Resolve(parse) is not { } resolved)
            {
                return 2;
            }
            var directory = parse.GetValue(output)?.FullName ?? Path.Combine(resolved.DataDirectory, "snapshots");
            var database = new SqliteDatabase(resolved.Options.Database.Path);
            database.Initialize();
            var path = Path.Combine(directory, $"mcr-{DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.db");
            database.SnapshotTo(path);
            Console.WriteLine(path);
            return 0;
        });
        return command;
    }
}
