using System.Globalization;
using System.Text.Json;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

[Collection(CliServerCollection.Name)]
public sealed class PolicyCommandTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Rule_CreateShowUpdateDisableEnableDelete(Via transport)
    {
        string[] admin = [.. fixture.As(transport, fixture.AdminToken), "--json"];
        var created = await RunJsonAsync([.. admin, "policy", "create", "--priority", "50", "--effect", "deny", "--description", $"cli {transport}",
            "--account-type", "system", "--action", "registry:push", "--repository", "nowhere/*"]);
        var id = created.GetProperty("id").GetInt64();
        var text = id.ToString(CultureInfo.InvariantCulture);
        Assert.Equal("deny", created.GetProperty("effect").GetString());
        Assert.Equal(["system"], created.GetProperty("account_types").EnumerateArray().Select(e => e.GetString()));
        Assert.True(created.GetProperty("enabled").GetBoolean());

        var shown = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "policy", "show", text]);
        shown.AssertOk();
        Assert.Contains("repositories:  nowhere/*", shown.Out, StringComparison.Ordinal);

        // Only the given fields change: the lists stay.
        var updated = await RunJsonAsync([.. admin, "policy", "update", text, "--priority", "60"]);
        Assert.Equal(60, updated.GetProperty("priority").GetInt32());
        Assert.Equal(["nowhere/*"], updated.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()));

        Assert.False((await RunJsonAsync([.. admin, "policy", "disable", text])).GetProperty("enabled").GetBoolean());
        Assert.True((await RunJsonAsync([.. admin, "policy", "enable", text])).GetProperty("enabled").GetBoolean());

        var list = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "policy", "list"]);
        list.AssertOk();
        Assert.Matches($@"(?m)^{text}\s+60\s+deny\s+yes\s+registry:push\s+nowhere/\*\s+\*\s+system\s+\*\s+cli {transport}$", list.Out);

        Assert.Equal(id, (await RunJsonAsync([.. admin, "policy", "delete", text])).GetProperty("id").GetInt64());
        (await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "policy", "show", text])).AssertFails(5, "not found");
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Create_FromAFile_WithFlagsOverIt(Via transport)
    {
        using var directory = new Mcr.Testing.TempDirectory();
        var file = directory.Combine("rule.json");
        await File.WriteAllTextAsync(file, """{"priority": 70, "effect": "allow", "description": "from a file", "roles": ["guest"], "actions": ["registry:pull"], "repositories": ["public/*"]}""");
        var created = await RunJsonAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "policy", "create", "--file", file, "--priority", "71", "--disabled"]);
        Assert.Equal(71, created.GetProperty("priority").GetInt32());
        Assert.Equal("from a file", created.GetProperty("description").GetString());
        Assert.False(created.GetProperty("enabled").GetBoolean());
        (await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "policy", "delete", created.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)])).AssertOk();
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Create_FromStdin_RefusesAnUnknownField(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "policy", "create", "--file", "-"],
            """{"priority": 10, "effect": "allow", "enable": false}""");
        result.AssertFails(2, "--file -: not a policy rule at $.enable");
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Create_WithoutEffect_IsAUsageError(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "policy", "create", "--priority", "10"]);
        result.AssertFails(2, "needs --priority and --effect");
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Create_WithAnUnknownAction_IsRefusedAsInvalid(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "policy", "create", "--priority", "10", "--effect", "allow", "--action", "registry:fly"]);
        result.AssertFails(2, "invalid input", "registry:fly");
    }

    private async Task<JsonElement> RunJsonAsync(string[] args)
    {
        var result = await _cli.RunAsync(args);
        result.AssertOk();
        return JsonDocument.Parse(result.Out).RootElement.Clone();
    }

    public void Dispose() => _cli.Dispose();
}
