using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

/// <summary>Every mcrctl command, for the tests that must hold for all of them over both transports.</summary>
public static class CommandCases
{
    public const string NewPassword = "a-new-password-1234";

    public static readonly CommandCase[] All =
    [
        new("status", ["status"], BadArgs: ["status", "extra"], BadMessage: "Unrecognized command or argument 'extra'"),
        new("login", ["login", "-u", "admin", "--password-stdin"], Stdin: "not-the-password\n",
            BadArgs: ["login", "-u", "admin", "--password-stdin"], BadStdin: "", BadMessage: "no password on the first line"),
        new("logout", ["logout"], BadArgs: ["logout", "extra"], BadMessage: "Unrecognized command or argument 'extra'"),
        new("repo list", ["repo", "list"], RefusedRole: "guest", BadArgs: ["repo", "list", "--n", "0"], BadMessage: "--n must be between 1 and 1000"),
        new("repo show", ["repo", "show", CliServer.Repository], RefusedRole: "guest",
            BadArgs: ["repo", "show", "Bad..Name"], BadMessage: "invalid repository name"),
        new("repo delete", ["repo", "delete", CliServer.Repository, "--yes"], RefusedRole: "user",
            BadArgs: ["repo", "delete", CliServer.Repository], BadMessage: "pass --yes"),
        new("tag list", ["tag", "list", CliServer.Repository], RefusedRole: "guest",
            BadArgs: ["tag", "list", "Bad..Name"], BadMessage: "invalid repository name"),
        new("tag delete", ["tag", "delete", CliServer.Repository, "no-such-tag"], RefusedRole: "guest",
            BadArgs: ["tag", "delete", CliServer.Repository, "no-such-tag"], BadCode: 5, BadMessage: "not found"),
        new("policy list", ["policy", "list"], RefusedRole: "user", BadArgs: ["policy", "list", "--n", "5000"], BadMessage: "--n must be between 1 and 1000"),
        new("policy show", ["policy", "show", "1"], RefusedRole: "user", BadArgs: ["policy", "show", "one"], BadMessage: "Cannot parse argument 'one'"),
        new("policy create", ["policy", "create", "--priority", "10", "--effect", "allow", "--action", "registry:pull"], RefusedRole: "user",
            BadArgs: ["policy", "create", "--priority", "0", "--effect", "allow"], BadMessage: "priority"),
        new("policy update", ["policy", "update", "1", "--priority", "5"], RefusedRole: "user",
            BadArgs: ["policy", "update", "1"], BadMessage: "nothing to change"),
        new("policy delete", ["policy", "delete", "999999"], RefusedRole: "user",
            BadArgs: ["policy", "delete", "999999"], BadCode: 5, BadMessage: "not found"),
        new("policy enable", ["policy", "enable", "999999"], RefusedRole: "user",
            BadArgs: ["policy", "enable", "999999"], BadCode: 5, BadMessage: "not found"),
        new("policy disable", ["policy", "disable", "999999"], RefusedRole: "user",
            BadArgs: ["policy", "disable", "--effect", "allow"], BadMessage: "Unrecognized command or argument"),
        new("audit tail", ["audit", "tail"], RefusedRole: "user", BadArgs: ["audit", "tail", "--since", "yesterday"], BadMessage: "--since 'yesterday'"),
        new("gc", ["gc"], RefusedRole: "user", BadArgs: ["gc", "--reconcile", "--delete-untagged"], BadMessage: "exclusive"),
        new("gc status", ["gc", "status"], RefusedRole: "user", BadArgs: ["gc", "status", "now"], BadMessage: "Unrecognized command or argument 'now'"),
        new("snapshot", ["snapshot"], RefusedRole: "user", BadArgs: ["snapshot", "now"], BadMessage: "Unrecognized command or argument 'now'"),
        new("account list", ["account", "list"], RefusedRole: "user", BadArgs: ["account", "list", "--role", "x"], BadMessage: "Unrecognized command or argument"),
        new("account add", ["account", "add", "matrix-new", "--type", "system"], RefusedRole: "user",
            BadArgs: ["account", "add", "Bad Name", "--type", "system"], BadMessage: "invalid input"),
        new("account disable", ["account", "disable", "alice"], RefusedRole: "user",
            BadArgs: ["account", "disable", "no-such-account"], BadCode: 5, BadMessage: "not found"),
        new("account enable", ["account", "enable", "alice"], RefusedRole: "user",
            BadArgs: ["account", "enable", "no-such-account"], BadCode: 5, BadMessage: "not found"),
        new("account passwd", ["account", "passwd", "alice", "--password-stdin"], Stdin: NewPassword + "\n", RefusedRole: "user",
            BadArgs: ["account", "passwd", "alice", "--password-stdin"], BadStdin: "short\n", BadMessage: "invalid input"),
        new("account token", ["account", "token", "alice"], RefusedRole: "user",
            BadArgs: ["account", "token", "no-such-account"], BadCode: 5, BadMessage: "not found"),
    ];

    public static TheoryData<Via, CommandCase> Every() => Matrix(All);

    public static TheoryData<Via, CommandCase> Refused() => Matrix(All.Where(c => c.RefusedRole is not null));

    public static TheoryData<Via, CommandCase> WithBadInput() => Matrix(All.Where(c => c.BadArgs is not null));

    private static TheoryData<Via, CommandCase> Matrix(IEnumerable<CommandCase> cases)
    {
        var data = new TheoryData<Via, CommandCase>();
        foreach (var transport in (Via[])[Via.Rest, Via.Grpc])
        {
            foreach (var command in cases)
            {
                data.Add(transport, command);
            }
        }
        return data;
    }
}
