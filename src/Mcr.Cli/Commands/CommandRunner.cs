using System.CommandLine;
using Mcr.Cli.Client;
using Mcr.Cli.Transport;

namespace Mcr.Cli.Commands;

/// <summary>What a command's body gets: the run's settings, a connected client and the parsed command line.</summary>
internal sealed record Invocation(Session Session, IMcrClient Client, ParseResult Parse)
{
    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;
}

/// <summary>
/// Wires a command's body to the shared steps: resolve the settings, insist on a token where one is needed,
/// connect, run, and turn every expected failure into its message and exit code (<see cref="ErrorReport"/>).
/// </summary>
internal sealed class CommandRunner(GlobalOptions options, CliIo io)
{
    public CliIo Io => io;

    /// <summary>A command that needs a token. <paramref name="action"/> names it in errors ("delete repository x").</summary>
    public void Authenticated(Command command, Func<ParseResult, string> action, Func<Invocation, CancellationToken, Task<int>> body) =>
        Set(command, action, requireToken: true, body);

    /// <summary>A command that works without a token (health, login).</summary>
    public void Anonymous(Command command, Func<ParseResult, string> action, Func<Invocation, CancellationToken, Task<int>> body) =>
        Set(command, action, requireToken: false, body);

    private void Set(Command command, Func<ParseResult, string> action, bool requireToken, Func<Invocation, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            Session session;
            try
            {
                session = Session.Resolve(parse, options, io);
            }
            catch (UsageException e)
            {
                io.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            var what = action(parse);
            if (requireToken && session.Token is null)
            {
                io.Error.WriteLine($"error: cannot {what}: {session.MissingTokenReason}; run `mcrctl login` (or pass --token, or set MCR_TOKEN)");
                return ExitCodes.Unauthenticated;
            }
            try
            {
                await using var client = session.Connect();
                return await body(new Invocation(session, client, parse), cancellationToken);
            }
            catch (McrClientException e)
            {
                return ErrorReport.Write(io.Error, what, session.Endpoint.Name, e);
            }
            catch (Exception e) when (e is UsageException or CaCertificateException)
            {
                io.Error.WriteLine($"error: cannot {what}: {e.Message}");
                return ExitCodes.Usage;
            }
        });
}
