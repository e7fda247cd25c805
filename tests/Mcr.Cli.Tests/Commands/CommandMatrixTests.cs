using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

/// <summary>
/// What every command must do over both transports against a real server: refuse a non-admin with exit code 4 and
/// a message naming the action, and refuse a bad input with the code that fits (2 invalid, 5 unknown, 3 bad password).
/// </summary>
[Collection(CliServerCollection.Name)]
public sealed class CommandMatrixTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [MemberData(nameof(CommandCases.Refused), MemberType = typeof(CommandCases))]
    public async Task NonAdmin_IsRefusedWithExitCode4(Via transport, CommandCase command)
    {
        var token = command.RefusedRole == "guest" ? fixture.GuestToken : fixture.UserToken;
        var result = await _cli.RunAsync([.. fixture.As(transport, token), .. command.Args], command.Stdin);
        result.AssertFails(4, "permission denied to ", fixture.EndpointName(transport));
    }

    [Theory]
    [MemberData(nameof(CommandCases.WithBadInput), MemberType = typeof(CommandCases))]
    public async Task BadInput_IsRefusedWithItsCode(Via transport, CommandCase command)
    {
        var result = await _cli.RunAsync([.. fixture.As(transport, fixture.AdminToken), .. command.BadArgs!], command.BadStdin);
        result.AssertFails(command.BadCode, command.BadMessage!);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task WrongPassword_ExitsUnauthenticated(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.Target(transport), "login", "-u", "admin", "--password-stdin"], "not-the-password\n");
        result.AssertFails(3, "cannot log in on", fixture.EndpointName(transport), "not authenticated");
    }

    public void Dispose() => _cli.Dispose();
}
