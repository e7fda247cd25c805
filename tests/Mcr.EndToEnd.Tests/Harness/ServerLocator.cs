using System.Reflection;

namespace Mcr.EndToEnd.Tests.Harness;

/// <summary>
/// Finds the built <c>mcrsrv.dll</c> of src/Mcr.Server in the same configuration and target framework as
/// this test assembly (the project reference builds it first). <c>MCR_E2E_SERVER_DLL</c> overrides the search.
/// <code>
/// &lt;repo&gt;/tests/Mcr.EndToEnd.Tests/bin/&lt;Configuration&gt;/&lt;tfm&gt;/Mcr.EndToEnd.Tests.dll   (this assembly)
/// &lt;repo&gt;/src/Mcr.Server/bin/&lt;Configuration&gt;/&lt;tfm&gt;/mcrsrv.dll                    (the server)
/// </code>
/// </summary>
public static class ServerLocator
{
    public const string OverrideVariable = "MCR_E2E_SERVER_DLL";

    public static string FindServerDll()
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath)
                ? Path.GetFullPath(explicitPath)
                : throw new FileNotFoundException($"{OverrideVariable} points at a missing file", explicitPath);
        }
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = baseDirectory.Name;
        var configuration = typeof(ServerLocator).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = FindRepositoryRoot(baseDirectory)
            ?? throw new DirectoryNotFoundException($"no Mcr.slnx above {baseDirectory.FullName}; set {OverrideVariable}");
        var serverBin = Path.Combine(root.FullName, "src", "Mcr.Server", "bin");
        var expected = Path.Combine(serverBin, configuration, targetFramework, "mcrsrv.dll");
        if (File.Exists(expected))
        {
            return expected;
        }
        // Fall back to any build of the same configuration (e.g. a runtime-specific output folder).
        var fallback = Directory.Exists(serverBin)
            ? Directory.EnumerateFiles(serverBin, "mcrsrv.dll", SearchOption.AllDirectories)
                .Where(p => p.Contains($"{Path.DirectorySeparatorChar}{configuration}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
            : null;
        return fallback ?? throw new FileNotFoundException(
            $"mcrsrv.dll not found at {expected}; build src/Mcr.Server ({configuration}) or set {OverrideVariable}", expected);
    }

    private static DirectoryInfo? FindRepositoryRoot(DirectoryInfo? directory)
    {
        for (; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mcr.slnx")))
            {
                return directory;
            }
        }
        return null;
    }
}
