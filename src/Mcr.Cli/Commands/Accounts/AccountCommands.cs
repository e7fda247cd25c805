using System.CommandLine;
using Mcr.Cli.Client;
using Mcr.Cli.Output;

namespace Mcr.Cli.Commands.Accounts;

/// <summary>
/// <c>mcrctl account list|add|disable|enable|passwd|token</c> (admin; the embedded identity provider only: under
/// MCIAS the server answers a conflict). Passwords come from a hidden prompt or <c>--password-stdin</c>.
/// </summary>
internal static class AccountCommands
{
    public static Command Create(CommandRunner runner) => new("account", "Accounts of the embedded identity provider (admin)")
    {
        List(runner),
        Add(runner),
        SetDisabled(runner, "disable", disabled: true),
        SetDisabled(runner, "enable", disabled: false),
        Passwd(runner),
        Token(runner),
    };

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "List the accounts");
        command.Aliases.Add("ls");
        runner.Authenticated(command, _ => "list accounts", async (call, cancellationToken) =>
        {
            var list = await call.Client.Accounts.ListAsync(cancellationToken);
            call.Session.Output.Write(list, o =>
            {
                var table = new TextTable("USERNAME", "TYPE", "ROLES", "STATUS", "PASSWORD", "CREATED", "ID");
                foreach (var a in list.Accounts)
                {
                    table.Add(a.Username, a.Type, Format.List(a.Roles, "-"), a.Disabled ? "disabled" : "active",
                        a.HasPassword ? "yes" : "no", Format.Time(a.CreatedAt), a.Id);
                }
                o.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> Username() => new("username") { Description = "Account name: 1-64 of a-z 0-9 . _ -" };

    private static Option<bool> PasswordStdin() => new("--password-stdin") { Description = "Read the password from the first line of stdin" };

    private static Command Add(CommandRunner runner)
    {
        var username = Username();
        var type = new Option<string>("--type") { Description = "human (signs in with a password) or system (long-lived tokens)", DefaultValueFactory = _ => "human" };
        type.AcceptOnlyFromAmong("human", "system");
        var roles = new Option<string[]>("--role", "-r") { Description = "Role (admin, user, guest); repeat for several", DefaultValueFactory = _ => ["user"] };
        roles.AcceptOnlyFromAmong("admin", "user", "guest");
        var passwordStdin = PasswordStdin();
        var command = new Command("add", "Create an account (a human account asks for its password)") { username, type, roles, passwordStdin };
        runner.Authenticated(command, p => $"add account {p.GetValue(username)}", async (call, cancellationToken) =>
        {
            var isHuman = call.Value(type) == "human";
            // A system account has no password unless one is piped in: it signs in with `account token`.
            var password = isHuman || call.Value(passwordStdin)
                ? Prompts.ReadPassword(call.Session.Io, call.Value(passwordStdin), confirm: true)
                : null;
            var account = await call.Client.Accounts.CreateAsync(
                new NewAccount(call.Value(username), call.Value(type)!, call.Value(roles) ?? [], password), cancellationToken);
            call.Session.Output.Write(account, o => o.Line(
                $"Created {account.Type} account {account.Username} ({Format.List(account.Roles, "no roles")}), id {account.Id}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetDisabled(CommandRunner runner, string name, bool disabled)
    {
        var username = Username();
        var command = new Command(name, disabled ? "Disable an account (its tokens stop working)" : "Enable a disabled account") { username };
        runner.Authenticated(command, p => $"{name} account {p.GetValue(username)}", async (call, cancellationToken) =>
        {
            var account = await call.Client.Accounts.SetDisabledAsync(call.Value(username), disabled, cancellationToken);
            call.Session.Output.Write(account, o => o.Line($"Account {account.Username} is {(account.Disabled ? "disabled" : "enabled")}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Passwd(CommandRunner runner)
    {
        var username = Username();
        var passwordStdin = PasswordStdin();
        var command = new Command("passwd", "Set an account's password") { username, passwordStdin };
        runner.Authenticated(command, p => $"set the password of {p.GetValue(username)}", async (call, cancellationToken) =>
        {
            var password = Prompts.ReadPassword(call.Session.Io, call.Value(passwordStdin), confirm: true, "New password: ");
            var account = await call.Client.Accounts.SetPasswordAsync(call.Value(username), password, cancellationToken);
            call.Session.Output.Write(account, o => o.Line($"Password of {account.Username} changed."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Token(CommandRunner runner)
    {
        var username = Username();
        var command = new Command("token", "Issue a long-lived token for a system account (printed on stdout)") { username };
        runner.Authenticated(command, p => $"issue a token for {p.GetValue(username)}", async (call, cancellationToken) =>
        {
            var token = await call.Client.Accounts.IssueTokenAsync(call.Value(username), cancellationToken);
            // The token alone on stdout, so `TOKEN=$(mcrctl account token ci)` works; the rest goes to stderr.
            call.Session.Output.Write(token, o =>
            {
                o.Error.WriteLine($"token for {call.Value(username)}, expires {Format.Time(token.ExpiresAt)}:");
                o.Line(token.Token);
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
