using System.CommandLine;
using Mcr.Cli.Client;
using Mcr.Cli.Config;
using Mcr.Cli.Output;

namespace Mcr.Cli.Commands.Login;

/// <summary>
/// <c>mcrctl login</c> signs in with a password and saves the token for that endpoint (<see cref="CredentialStore"/>);
/// <c>mcrctl logout</c> revokes it on the server and forgets it.
/// </summary>
internal static class LoginCommands
{
    public static Command Login(CommandRunner runner)
    {
        var username = new Option<string?>("--username", "-u") { Description = "Account name (default: the saved login's, else asked)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin" };
        var command = new Command("login", "Sign in and save the token for this server (0600, under ~/.config/mcr)") { username, passwordStdin };
        runner.Anonymous(command, _ => "log in", async (call, cancellationToken) =>
        {
            var session = call.Session;
            var store = session.Store
                ?? throw new UsageException("neither XDG_CONFIG_HOME nor HOME is set: there is nowhere to save the login (use --token or MCR_TOKEN instead)");
            var user = call.Value(username) ?? session.Saved.For(session.Endpoint.Name)?.Username ?? AskUsername(session.Io);
            var password = Prompts.ReadPassword(session.Io, call.Value(passwordStdin), confirm: false);
            var token = await call.Client.Admin.LoginAsync(user, password, cancellationToken);
            store.Save(session.Saved.With(new SavedLogin(session.Endpoint.Name, user, token.Token, token.ExpiresAt, session.CaCert)));
            var result = new LoginResult(session.Endpoint.Name, user, token.ExpiresAt);
            session.Output.Write(result, o =>
            {
                o.Line($"Logged in to {result.Server} as {result.Username} (the token expires {Format.Time(result.ExpiresAt)}).");
                o.Line($"Saved in {store.Path}; commands without --server or --grpc now use this server.");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Logout(CommandRunner runner)
    {
        var command = new Command("logout", "Revoke the token on the server and forget the saved login");
        runner.Anonymous(command, _ => "log out", async (call, cancellationToken) =>
        {
            var session = call.Session;
            if (session.Token is null)
            {
                // An expired login has nothing left to revoke; forget it all the same.
                if (session.Store is { } expiredStore && session.Saved.For(session.Endpoint.Name) is not null)
                {
                    expiredStore.Save(session.Saved.Without(session.Endpoint.Name));
                }
                session.Output.Write(new LogoutResult(session.Endpoint.Name, Revoked: false), o => o.Line($"Not logged in to {session.Endpoint.Name}."));
                return ExitCodes.Ok;
            }
            // The saved login goes first: whatever the server answers, this machine no longer holds the token.
            if (session.Store is { } store && session.Saved.For(session.Endpoint.Name) is not null)
            {
                store.Save(session.Saved.Without(session.Endpoint.Name));
            }
            var revoked = true;
            try
            {
                await call.Client.Admin.LogoutAsync(cancellationToken);
            }
            catch (McrClientException e) when (e.Kind == ClientErrorKind.Unauthenticated)
            {
                revoked = false; // expired or revoked already: nothing left to revoke
            }
            session.Output.Write(new LogoutResult(session.Endpoint.Name, revoked), o => o.Line(revoked
                ? $"Logged out of {session.Endpoint.Name}: the token is revoked."
                : $"Logged out of {session.Endpoint.Name} (the server no longer accepted the token)."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string AskUsername(CliIo io)
    {
        if (!io.Interactive)
        {
            throw new UsageException("--username is required when stdin is not a terminal");
        }
        return io.Ask("Username: ", false) is { Length: > 0 } name ? name.Trim() : throw new UsageException("no username given");
    }
}
