namespace Mcr.Testing;

/// <summary>How to start <c>mcrsrv</c>: the program to run and the arguments that come before mcrsrv's own.</summary>
public sealed record ServerLaunch(string Program, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>
    /// An <c>mcrsrv.dll</c> runs under the dotnet host; anything else is taken to be the Native AOT
    /// executable from <c>dotnet publish src/Mcr.Server</c>.
    /// </summary>
    public static ServerLaunch For(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ServerLaunch(DotnetHost(), [path])
            : new ServerLaunch(path, []);

    /// <summary>The path given to <see cref="For"/>: what a report names as the server measured or tested.</summary>
    public string ServerPath => LeadingArguments.Count > 0 ? LeadingArguments[0] : Program;

    public bool IsNative => LeadingArguments.Count == 0;

    /// <summary>The whole command line before mcrsrv's own arguments, e.g. <c>dotnet …/mcrsrv.dll</c>.</summary>
    public override string ToString() => string.Join(' ', [Program, .. LeadingArguments]);

    /// <summary>The dotnet host running this process (set by the SDK for tests), else dotnet from PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
}
