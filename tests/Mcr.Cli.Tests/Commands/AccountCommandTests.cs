using System.Text.Json;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

[Collection(CliServerCollection.Name)]
public sealed class AccountCommandTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task List_ShowsEveryAccount(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "account", "list"]);
        result.AssertOk();
        Assert.StartsWith("USERNAME", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^admin\s+human\s+admin\s+active\s+yes\s+\d{4}-", result.Out);
        Assert.Matches(@"(?m)^gus\s+human\s+guest\s+", result.Out);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task HumanAccount_AddWithAPromptedPassword_DisableEnablePasswd(Via transport)
    {
        var name = $"human-{transport}-{Guid.NewGuid():N}"[..24].ToLowerInvariant();
        const string password = "first-password-1234";
        var asked = 0;
        var added = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "account", "add", name, "--role", "user"], stdin: null,
            terminal: (_, secret) => { Assert.True(secret); asked++; return password; });
        added.AssertOk();
        Assert.Equal(2, asked); // asked, then asked to repeat
        Assert.Contains($"Created human account {name} (user)", added.Out, StringComparison.Ordinal);
        var token = await fixture.LoginAsync(name, password);

        var disabled = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "account", "disable", name]);
        disabled.AssertOk();
        Assert.True(JsonDocument.Parse(disabled.Out).RootElement.GetProperty("disabled").GetBoolean());
        (await _cli.RunAsync([.. fixture.As(transport, token), "repo", "list"])).AssertFails(3, "not authenticated");

        (await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "account", "enable", name])).AssertOk();
        var passwd = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "account", "passwd", name, "--password-stdin"], "second-password-1234\n");
        passwd.AssertOk();
        Assert.Contains($"Password of {name} changed.", passwd.Out, StringComparison.Ordinal);
        var login = await _cli.RunAsync([.. fixture.Target(transport), "login", "-u", name, "--password-stdin"], "second-password-1234\n");
        login.AssertOk();
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task SystemAccount_TokenIsPrintedAloneOnStdout_AndWorks(Via transport)
    {
        var name = $"robot-{transport}-{Guid.NewGuid():N}"[..24].ToLowerInvariant();
        var added = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "account", "add", name, "--type", "system", "--role", "user"]);
        added.AssertOk();
        var account = JsonDocument.Parse(added.Out).RootElement;
        Assert.Equal(["id", "username", "type", "roles", "disabled", "has_password", "created_at", "updated_at"], account.EnumerateObject().Select(p => p.Name));
        Assert.False(account.GetProperty("has_password").GetBoolean());

        var issued = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "account", "token", name]);
        issued.AssertOk();
        var token = issued.Out.Trim();
        Assert.DoesNotContain('\n', token);
        Assert.Contains($"token for {name}, expires ", issued.Error, StringComparison.Ordinal);
        (await _cli.RunAsync([.. fixture.As(transport, token), "status"])).AssertOk();
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Add_ExistingName_ExitsConflict(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "account", "add", "alice", "--type", "system"]);
        result.AssertFails(6, "cannot add account alice on", "conflict");
    }

    public void Dispose() => _cli.Dispose();
}
