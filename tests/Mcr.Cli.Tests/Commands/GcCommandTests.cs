using System.Text.Json;
using Mcr.Cli.Commands.Gc;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

[Collection(CliServerCollection.Name)]
public sealed class GcCommandTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Gc_Wait_PrintsTheResult(Via transport)
    {
        GcCommands.PollInterval = TimeSpan.FromMilliseconds(50);
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "gc", "--wait"]);
        result.AssertOk();
        Assert.Matches(@"^gc run [0-9a-f-]+ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, [\d.]+ m?s\): removed \d+ blobs \([\d.]+ [KMG]?i?B freed\), \d+ untagged manifests; kept \d+ blobs referenced by a manifest", result.Out);

        var status = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "gc", "status"]);
        status.AssertOk();
        Assert.Contains("running: no", status.Out, StringComparison.Ordinal);
        Assert.Contains("last run: gc run ", status.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Reconcile_WithoutWait_PrintsTheRunId_AndStatusFindsIt(Via transport)
    {
        GcCommands.PollInterval = TimeSpan.FromMilliseconds(50);
        var started = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "gc", "--reconcile"]);
        started.AssertOk();
        var id = JsonDocument.Parse(started.Out).RootElement.GetProperty("id").GetString();
        JsonElement last = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var status = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "gc", "status"]);
            status.AssertOk();
            last = JsonDocument.Parse(status.Out).RootElement.Clone();
            if (last.GetProperty("last_run").ValueKind == JsonValueKind.Object && last.GetProperty("last_run").GetProperty("id").GetString() == id)
            {
                break;
            }
            await Task.Delay(50);
        }
        var run = last.GetProperty("last_run");
        Assert.Equal(id, run.GetProperty("id").GetString());
        Assert.Equal("reconcile", run.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("kept").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("error").ValueKind);
    }

    public void Dispose() => _cli.Dispose();
}
