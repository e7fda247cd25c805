using System.Reflection;

namespace Mcr.Testing;

/// <summary>
/// Finds the server that the end-to-end tests and the benchmark start as a separate process. An
/// environment variable names either an <c>mcrsrv.dll</c> or the Native AOT executable; without it, the
/// <c>mcrsrv.dll</c> that src/Mcr.Server built in the caller's configuration and target framework:
/// <code>
/// &lt;repo&gt;/tests/…/bin/&lt;Configuration&gt;/&lt;tfm&gt;/Caller.dll        (the caller)
/// &lt;repo&gt;/src/Mcr.Server/bin/&lt;Configuration&gt;/&lt;tfm&gt;/mcrsrv.dll   (the server)
/// </code>
/// </summary>
public static class ServerLocator
{
    public static ServerLaunch Find(string overrideVariable, Assembly caller) => Find(overrideVariable, caller, "Mcr.Server", "mcrsrv");

    /// <summary>
    /// The same search for another program of the repository: <c>src/&lt;project&gt;/bin/…/&lt;assembly&gt;.dll</c>, or what
    /// <paramref name="overrideVariable"/> names (e.g. <c>mcrctl</c> from <c>src/Mcr.Cli</c>, <c>MCR_E2E_CLI</c>).
    /// </summary>
    public static ServerLaunch Find(string overrideVariable, Assembly caller, string project, string assembly)
    {
        if (Environment.GetEnvironmentVariable(overrideVariable) is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath)
                ? ServerLaunch.For(Path.GetFullPath(explicitPath))
                : throw new FileNotFoundException($"{overrideVariable} points at a missing file", explicitPath);
        }
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = baseDirectory.Name;
        var configuration = Configuration(caller);
        var root = RepositoryRoot.Find(baseDirectory)
            ?? throw new DirectoryNotFoundException($"no Mcr.slnx above {baseDirectory.FullName}; set {overrideVariable}");
        var serverBin = Path.Combine(root.FullName, "src", project, "bin");
        var expected = Path.Combine(serverBin, configuration, targetFramework, $"{assembly}.dll");
        if (File.Exists(expected))
        {
            return ServerLaunch.For(expected);
        }
        // Fall back to any build of the same configuration (e.g. a runtime-specific output folder).
        var fallback = Directory.Exists(serverBin)
            ? Directory.EnumerateFiles(serverBin, $"{assembly}.dll", SearchOption.AllDirectories)
                .Where(p => p.Contains($"{Path.DirectorySeparatorChar}{configuration}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
            : null;
        return fallback is not null
            ? ServerLaunch.For(fallback)
            : throw new FileNotFoundException(
                $"{assembly}.dll not found at {expected}; build src/{project} ({configuration}) or set {overrideVariable}", expected);
    }

    /// <summary>The build configuration (Debug, Release) the caller was compiled in.</summary>
    public static string Configuration(Assembly caller) =>
        caller.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
}
