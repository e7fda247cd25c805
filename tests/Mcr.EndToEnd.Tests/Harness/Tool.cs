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
        if (IsCi)
        {
            Assert.Fail($"{message}; it is required when CI=true");
        }
        output.WriteLine($"SKIPPED: {message}");
        throw new SkipException(message);
    }
}
