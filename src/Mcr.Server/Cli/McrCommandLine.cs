using System.CommandLine;

namespace Mcr.Server.Cli;

/// <summary>The <c>mcrsrv</c> command tree: server, init, snapshot, account, gc (plus --version).</summary>
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
        };
        return root;
    }
}
