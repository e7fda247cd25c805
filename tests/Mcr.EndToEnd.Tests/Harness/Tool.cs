using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Harness;

/// <summary>
/// Finds the real client tools the end-to-end tests drive. A missing tool fails the test on CI
/// (<c>CI=true</c>, where .ci/run installs it) and skips it elsewhere, saying which Debian package to install.
/// </summary>
public static class Tool
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The tool's path; otherwise fails (CI) or skips the current <c>[SkippableFact]</c>.</summary>
    public static string Require(string name, string debianPackage, ITestOutputHelper output)
    {
        if (Find(name) is { } found)
        {
            return found;
        }
        var message = $"'{name}' is not on PATH: install the Debian package '{debianPackage}' (sudo apt-get install {debianPackage})";
        throw Unavailable(message, output);
    }

    /// <summary>
    /// The Native AOT <c>mcrsrv</c> that <see cref="McrProcess.ServerVariable"/> names (what .ci/run publishes),
    /// for tests that install or package the binary; otherwise fails (CI) or skips, saying how to publish it.
    /// </summary>
    public static string RequireNativeServer(ITestOutputHelper output)
    {
        var server = ServerLocator.Find(McrProcess.ServerVariable, typeof(Tool).Assembly);
        if (server.IsNative)
        {
            return server.Program;
        }
        var message = $"this test needs the Native AOT binary, not {server.ServerPath}: dotnet publish src/Mcr.Server -c Release -o artifacts/mcrsrv, " +
            $"then {McrProcess.ServerVariable}=$PWD/artifacts/mcrsrv/mcrsrv";
        throw Unavailable(message, output);
    }

    /// <summary>Root (as on CI), for tests that create users, change owners or run containers; otherwise fails (CI) or skips.</summary>
    public static void RequireRoot(string why, ITestOutputHelper output)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw Unavailable($"this test needs root: {why}", output);
        }
    }

    /// <summary>Fails the test on CI; elsewhere returns the skip to throw, having said why in the output.</summary>
    private static SkipException Unavailable(string message, ITestOutputHelper output)
    {
        if (IsCi)
        {
            Assert.Fail($"{message}; it is required when CI=true");
        }
        output.WriteLine($"SKIPPED: {message}");
        return new SkipException(message);
    }
}
