using Mcr.Cli.Tests.Harness;
using Mcr.EndToEnd.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

/// <summary>Every command against a port nothing listens on: exit code 7 and a message naming the server and the cause.</summary>
public sealed class ServerDownTests : IDisposable
{
    private readonly InProcessCli _cli = new();
    private readonly int _port = FreePort.Next();

    [Theory]
    [MemberData(nameof(CommandCases.Every), MemberType = typeof(CommandCases))]
    public async Task ServerDown_ExitsUnavailableNamingTheServer(Via transport, CommandCase command)
    {
        string[] target = transport == Via.Grpc ? ["--grpc", $"127.0.0.1:{_port}"] : ["--server", $"https://127.0.0.1:{_port}"];
        var endpoint = transport == Via.Grpc ? $"grpc://127.0.0.1:{_port}" : $"https://127.0.0.1:{_port}";
        var result = await _cli.RunAsync([.. target, "--token", "some-token", .. command.Args], command.Stdin ?? "password\n");
        result.AssertFails(7, $"on {endpoint}: connection refused");
    }

    public void Dispose() => _cli.Dispose();
}
