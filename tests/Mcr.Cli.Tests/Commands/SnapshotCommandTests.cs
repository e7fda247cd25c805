using System.Text.Json;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

[Collection(CliServerCollection.Name)]
public sealed class SnapshotCommandTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Snapshot_WritesADatabaseCopyOnTheServer(Via transport)
    {
        var human = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "snapshot"]);
        human.AssertOk();
        Assert.Matches(@"^Snapshot written on the server: \S+/snapshots/mcr-\S+\.db \([\d.]+ KiB, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)", human.Out);

        var json = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), "--json", "snapshot"]);
        json.AssertOk();
        var snapshot = JsonDocument.Parse(json.Out).RootElement;
        var path = snapshot.GetProperty("path").GetString()!;
        Assert.True(File.Exists(path), path);
        Assert.Equal(new FileInfo(path).Length, snapshot.GetProperty("size").GetInt64());
    }

    public void Dispose() => _cli.Dispose();
}
