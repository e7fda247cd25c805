using System.CommandLine;
using System.CommandLine.Invocation;
using Mcr.Cli.Commands;
using Mcr.Cli.Commands.Accounts;
using Mcr.Cli.Commands.Audit;
using Mcr.Cli.Commands.Gc;
using Mcr.Cli.Commands.Login;
using Mcr.Cli.Commands.Policy;
using Mcr.Cli.Commands.Repositories;
using Mcr.Cli.Commands.Snapshot;
using Mcr.Cli.Commands.Status;
using Mcr.Cli.Commands.Tags;

namespace Mcr.Cli;

/// <summary>
/// The <c>mcrctl</c> program: the command tree and its one entry point, which <c>Program</c> calls with the real
/// console and tests call with captured streams. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
internal static class Mcrctl
{
    public static RootCommand Build(CliIo io)
    {
        var options = new GlobalOptions();
        var runner = new CommandRunner(options, io);
        var root = new RootCommand("mcrctl: administer an MCR container registry over its REST (default) or gRPC API")
        {
            LoginCommands.Login(runner),
            LoginCommands.Logout(runner),
            StatusCommand.Create(runner),
            RepoCommands.Create(runner),
            TagCommands.Create(runner),
            PolicyCommands.Create(runner),
            AuditCommands.Create(runner),
            GcCommands.Create(runner),
            SnapshotCommand.Create(runner),
            AccountCommands.Create(runner),
        };
        options.AddTo(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliIo io, CancellationToken cancellationToken)
    {
        var parse = Build(io).Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                io.Error.WriteLine($"error: {error.Message}");
            }
            io.Error.WriteLine("Run `mcrctl --help` (or `mcrctl COMMAND --help`) for usage.");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            io.Error.WriteLine("interrupted");
            return 130;
        }
        catch (Exception e)
        {
            // Never a stack trace: one line, and a request to report what should have been handled.
            io.Error.WriteLine($"error: {e.Message} (unexpected {e.GetType().Name}: please report this as an mcrctl bug)");
            return ExitCodes.General;
        }
    }
}
