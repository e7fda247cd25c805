namespace Mcr.EndToEnd.Tests.Harness;

/// <summary>How an external command ended: its exit code and everything it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>Both streams, for assertion messages.</summary>
    public string Describe() =>
        $"exit code {(TimedOut ? "(timed out)" : ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
