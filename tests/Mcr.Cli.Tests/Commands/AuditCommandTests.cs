using System.Text.Json;
using Mcr.Cli.Commands.Audit;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

[Collection(CliServerCollection.Name)]
public sealed class AuditCommandTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Tail_ShowsTheNewestEvents_OldestFirst(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "audit", "tail", "-n", "5"]);
        result.AssertOk();
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Equal(6, lines.Length);
        var ids = lines.Skip(1).Select(l => long.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Tail_Filters_ByTypeRepositoryAndTime(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "audit", "tail",
            "--event-type", "manifest_pushed", "--repository", CliServer.Repository, "--since", "1h"]);
        result.AssertOk();
        using var json = JsonDocument.Parse(result.Out);
        var events = json.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("manifest_pushed", e.GetProperty("event_type").GetString()));
        Assert.Equal(["id", "time", "event_type", "actor_id", "repository", "digest", "client_ip", "details"], events[0].EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Tail_ActorByUsername_IsLookedUp(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "audit", "tail", "--actor", "alice", "--event-type", "login_ok"]);
        result.AssertOk();
        using var json = JsonDocument.Parse(result.Out);
        Assert.NotEmpty(json.RootElement.GetProperty("events").EnumerateArray());
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Follow_PrintsNewEventsAsJsonLines_UntilInterrupted(Via transport)
    {
        AuditCommands.FollowInterval = TimeSpan.FromMilliseconds(200);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = new StringWriter();
        var follow = _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "audit", "tail", "-n", "1", "--follow", "--event-type", "snapshot_created"],
            stdin: null, cancellationToken: stop.Token);
        await Task.Delay(500);
        (await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "snapshot"])).AssertOk();
        await Task.Delay(2000); // the audit queue writes in batches; two polls at least
        await stop.CancelAsync();
        var result = await follow;
        Assert.True(result.ExitCode == 0, result.Describe());
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Equal("snapshot_created", JsonDocument.Parse(line).RootElement.GetProperty("event_type").GetString()));
        var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Distinct().Order(), ids);
    }

    public void Dispose() => _cli.Dispose();
}
