using System.Text.Json;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

[Collection(CliServerCollection.Name)]
public sealed class StatusCommandTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Status_WithoutAToken_ShowsTheHealth(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.Target(transport), "status"]);
        result.AssertOk();
        Assert.Contains("health:        ok (database ok, storage ok)", result.Out, StringComparison.Ordinal);
        Assert.Contains("logged in as:  nobody", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Status_WithAToken_ShowsTheFigures(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "status"]);
        result.AssertOk();
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(transport == Via.Grpc ? "grpc" : "rest", root.GetProperty("transport").GetString());
        Assert.Equal("ok", root.GetProperty("health").GetProperty("status").GetString());
        Assert.True(root.GetProperty("stats").GetProperty("repository_count").GetInt64() >= 1);
        Assert.True(root.GetProperty("stats").GetProperty("stored_bytes").GetInt64() > 0);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Status_WithARefusedToken_ExitsUnauthenticated(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, "not-a-token"), "status"]);
        result.AssertFails(3, "not authenticated", "run `mcrctl login`");
    }

    public void Dispose() => _cli.Dispose();
}
