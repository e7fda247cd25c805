using System.Text.Json;
using System.Text.Json.Nodes;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

/// <summary>The same command prints the same JSON over REST and over gRPC: one set of records, two transports.</summary>
[Collection(CliServerCollection.Name)]
public sealed class TransportParityTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData("repo", "list")]
    [InlineData("repo", "show", CliServer.Repository)]
    [InlineData("tag", "list", CliServer.Repository)]
    [InlineData("policy", "list")]
    [InlineData("audit", "tail", "--event-type", "manifest_pushed")]
    [InlineData("gc", "status")]
    [InlineData("account", "list")]
    public async Task Json_IsTheSameOverBothTransports(params string[] command)
    {
        var rest = await _cli.RunAsync([.. fixture.As(Via.Rest, fixture.AdminToken), "--json", .. command]);
        var grpc = await _cli.RunAsync([.. fixture.As(Via.Grpc, fixture.AdminToken), "--json", .. command]);
        rest.AssertOk();
        grpc.AssertOk();
        Assert.Equal(Normalize(rest.Out), Normalize(grpc.Out));
    }

    /// <summary>Times compared as instants: both transports carry the same moment, written the same way.</summary>
    private static string Normalize(string json) => JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    public void Dispose() => _cli.Dispose();
}
