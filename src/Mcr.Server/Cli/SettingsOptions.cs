using System.CommandLine;

namespace Mcr.Server.Cli;

/// <summary>
/// The options every command uses to find the registry: <c>--config FILE</c>, or <c>--dev</c>
/// with an optional <c>--data DIR</c> (default <c>./mcr-dev</c>).
/// </summary>
internal sealed class SettingsOptions
{
    public Option<FileInfo?> Config { get; } = new("--config", "-c") { Description = "Path to the TOML configuration file" };

    public Option<bool> Dev { get; } = new("--dev") { Description = "Use the development defaults (self-signed TLS, embedded identity, data in ./mcr-dev)" };

    public Option<DirectoryInfo?> Data { get; } = new("--data") { Description = "Data directory for --dev (default ./mcr-dev)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Dev);
        command.Options.Add(Data);
    }

    /// <summary>
    /// Loads and validates the settings, printing every problem; null when they are unusable.
    /// <paramref name="checkStorage"/> false skips the start-up check of the storage directories (which creates them).
    /// </summary>
    public McrSettings? Resolve(ParseResult parse, bool checkStorage = true)
    {
        var config = parse.GetValue(Config);
        var dev = parse.GetValue(Dev);
        if (config is null && !dev)
        {
            Console.Error.WriteLine("error: pass --config FILE, or --dev for a local development registry");
            return null;
        }
        if (config is not null && dev)
        {
            Console.Error.WriteLine("error: --config and --dev are exclusive");
            return null;
        }
        var dataDirectory = parse.GetValue(Data)?.FullName ?? Path.GetFullPath("mcr-dev");
        return McrSettings.Load(config?.FullName, dev ? dataDirectory : null, Console.Error, checkStorage);
    }
}
