using System.CommandLine;

namespace Mcr.Server.Cli;

/// <summary>The <c>mcrsrv</c> command tree: server, init, snapshot, account, gc, health (plus --version).</summary>
public static class McrCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("mcrsrv: the MCR container registry server")
        {
            ServerCommand.Create(),
            InitCommand.Create(),
            SnapshotCommand.Create(),
            AccountCommands.Create(),
            GcCommand.Create(),
            HealthCommand.Create(),
        };
        return root;
    }
}
