using Mcr.EndToEnd.Tests.Harness;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Cli;

/// <summary>
/// Runs the <c>mcrctl</c> program as a separate process, as an operator would: the binary that
/// <see cref="CliVariable"/> names (CI: the published Native AOT binary), else the <c>mcrctl.dll</c> built with these
/// tests under <c>dotnet</c>. Its HOME and XDG_CONFIG_HOME are a temp directory of its own, so the saved login is
/// this test's only.
/// </summary>
public sealed class Mcrctl : IDisposable
{
    public const string CliVariable = "MCR_E2E_CLI";

    private readonly TempDirectory _home = new("mcrctl-e2e-home");
    private readonly ServerLaunch _launch = ServerLocator.Find(CliVariable, typeof(Mcrctl).Assembly, "Mcr.Cli", "mcrctl");

    /// <summary>What is run, for messages: the binary or <c>dotnet …/mcrctl.dll</c>.</summary>
    public string Program => _launch.ToString();

    public string CredentialsPath => _home.Combine("config", "mcr", "credentials.json");

    public Task<ProcessResult> RunAsync(string? standardInput, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = _home.Path,
            ["XDG_CONFIG_HOME"] = _home.Combine("config"),
            ["MCR_TOKEN"] = null,
        };
        return ProcessRunner.RunAsync(_launch.Program, [.. _launch.LeadingArguments, .. arguments], environment, standardInput, TimeSpan.FromMinutes(1));
    }

    public void Dispose() => _home.Dispose();
}
