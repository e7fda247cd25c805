using System.CommandLine;
using Mcr.Infrastructure.Database;
using Mcr.Server.Cli;

try
{
    return await McrCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (DatabaseSchemaTooNewException.Find(e) is { } tooNew)
{
    // A downgrade: every command refuses the same way, with one line and no stack trace, and the exit code
    // of a configuration error (2), which mcr.service does not restart on.
    Console.Error.WriteLine($"error: {tooNew.Message}");
    return 2;
}
catch (Exception e)
{
    // What System.CommandLine's default handler prints.
    Console.Error.WriteLine($"Unhandled exception: {e}");
    return 1;
}
