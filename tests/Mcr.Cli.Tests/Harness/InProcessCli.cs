namespace Mcr.Cli.Tests.Harness;

/// <summary>
/// Runs mcrctl in-process through its entry point (<see cref="Mcrctl.RunAsync"/>) with captured streams, a private
/// configuration directory (so saved logins never touch the developer's) and only the environment given.
/// </summary>
public sealed class InProcessCli : IDisposable
{
    private readonly Mcr.Testing.TempDirectory _home = new("mcrctl-home");

    /// <summary>The variables mcrctl sees (HOME and XDG_CONFIG_HOME point into a temp directory).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public InProcessCli()
    {
        Environment["HOME"] = _home.Path;
        Environment["XDG_CONFIG_HOME"] = _home.Combine("config");
    }

    public string CredentialsPath => _home.Combine("config", "mcr", "credentials.json");

    /// <summary>Runs mcrctl with an empty stdin that is not a terminal.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    /// <summary>
    /// Runs mcrctl; <paramref name="stdin"/> is what a pipe would give it, <paramref name="terminal"/> (question,
    /// secret → answer) makes stdin a terminal that answers the prompts.
    /// </summary>
    public async Task<CliResult> RunAsync(
        IEnumerable<string> args, string? stdin, Func<string, bool, string?>? terminal = null, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var io = new CliIo
        {
            Out = TextWriter.Synchronized(output),
            Error = TextWriter.Synchronized(error),
            In = new StringReader(stdin ?? ""),
            Interactive = terminal is not null,
            Environment = name => Environment.TryGetValue(name, out var value) ? value : null,
            Ask = terminal ?? ((_, _) => throw new InvalidOperationException("mcrctl prompted without a terminal")),
        };
        var code = await Mcrctl.RunAsync([.. args], io, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public void Dispose() => _home.Dispose();
}
