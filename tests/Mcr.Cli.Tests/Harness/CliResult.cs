namespace Mcr.Cli.Tests.Harness;

/// <summary>How one mcrctl run ended: its exit code and what it wrote to stdout and stderr.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string Describe() => $"exit code {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";

    /// <summary>Fails with both streams unless the run exited 0.</summary>
    public CliResult AssertOk()
    {
        Assert.True(ExitCode == 0, Describe());
        return this;
    }

    /// <summary>Fails unless the run exited with <paramref name="code"/> and said <paramref name="message"/> on stderr.</summary>
    public CliResult AssertFails(int code, params string[] message)
    {
        Assert.True(ExitCode == code, $"expected exit code {code}; {Describe()}");
        foreach (var part in message)
        {
            Assert.True(Error.Contains(part, StringComparison.Ordinal), $"stderr lacks '{part}'; {Describe()}");
        }
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal); // never a stack trace
        return this;
    }
}
