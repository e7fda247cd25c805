using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

/// <summary>The command line itself: help, usage errors, the missing-token check and shell completion.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Fact]
    public async Task Help_ListsEveryCommandAndGlobalOption()
    {
        var result = await _cli.RunAsync("--help");
        result.AssertOk();
        foreach (var word in (string[])["login", "logout", "status", "repo", "tag", "policy", "audit", "gc", "snapshot", "account",
            "--server", "--grpc", "--token", "--ca-cert", "--insecure", "--json"])
        {
            Assert.Contains(word, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownCommand_ExitsUsage()
    {
        var result = await _cli.RunAsync("frobnicate");
        result.AssertFails(2, "Unrecognized command or argument 'frobnicate'", "mcrctl --help");
    }

    [Fact]
    public async Task NoToken_ExitsUnauthenticated_BeforeAnyConnection()
    {
        var result = await _cli.RunAsync("--server", "https://127.0.0.1:1", "repo", "list");
        result.AssertFails(3, "cannot list repositories: not logged in to https://127.0.0.1:1; run `mcrctl login`");
    }

    [Fact]
    public async Task PasswordIsNeverAnArgument()
    {
        var result = await _cli.RunAsync("login", "-u", "admin", "--password", "secret");
        result.AssertFails(2, "Unrecognized command or argument '--password'");
    }

    [Theory]
    [InlineData("repo sh", "show")]
    [InlineData("policy dis", "disable")]
    [InlineData("audit tail --event-type manifest_p", "manifest_pulled")]
    public async Task SuggestDirective_CompletesCommandsAndValues(string line, string expected)
    {
        var result = await _cli.RunAsync($"[suggest:{line.Length}]", line);
        result.AssertOk();
        Assert.Contains(expected, result.Out.Split('\n', StringSplitOptions.TrimEntries));
    }

    public void Dispose() => _cli.Dispose();
}
