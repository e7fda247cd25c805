using System.CommandLine;
using System.Globalization;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Identity;
using Mcr.Infrastructure.Identity.Embedded;
using Spectre.Console;

namespace Mcr.Server.Cli;

/// <summary>
/// <c>mcrsrv account add|list|passwd|disable|enable|token</c>: manages the embedded identity provider's
/// accounts directly in the database (the server may be running: SQLite WAL allows it). Passwords come
/// from a hidden prompt, or from stdin with <c>--password-stdin</c> for scripts; never from arguments,
/// which other users can read in the process list.
/// </summary>
internal static class AccountCommands
{
    public static Command Create()
    {
        var command = new Command("account", "Manage accounts of the embedded identity provider");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Passwd());
        command.Subcommands.Add(SetDisabled("disable", "Disable an account (its tokens stop working)", disabled: true));
        command.Subcommands.Add(SetDisabled("enable", "Enable a disabled account", disabled: false));
        command.Subcommands.Add(Token());
        return command;
    }

    private static Command Add()
    {
        var settings = new SettingsOptions();
        var username = new Argument<string>("username") { Description = "Account name: 1-64 of a-z 0-9 . _ -" };
        var roles = new Option<string[]>("--role", "-r") { Description = "Role (admin, user, guest); repeat for several", DefaultValueFactory = _ => [Roles.User], AllowMultipleArgumentsPerToken = false };
        var type = new Option<string>("--type") { Description = "human (password login) or system (long-lived tokens)", DefaultValueFactory = _ => "human" };
        type.AcceptOnlyFromAmong("human", "system");
        var passwordStdin = PasswordStdinOption();
        var command = new Command("add", "Create an account") { username, roles, type, passwordStdin };
        settings.AddTo(command);
        SetAccountAction(command, settings, async (parse, accounts, cancellationToken) =>
        {
            if (!AccountTypes.TryParse(parse.GetValue(type), out var accountType))
            {
                return 2;
            }
            string? password = null;
            if (accountType == AccountType.Human || parse.GetValue(passwordStdin))
            {
                password = ReadPassword(parse.GetValue(passwordStdin), confirm: true);
                if (password is null)
                {
                    return 2;
                }
            }
            var result = await accounts.AddAsync(parse.GetValue(username)!, accountType, parse.GetValue(roles) ?? [], password, cancellationToken);
            return Report(result, $"created {accountType.Name()} account '{parse.GetValue(username)}'");
        });
        return command;
    }

    private static Command List()
    {
        var settings = new SettingsOptions();
        var command = new Command("list", "List accounts");
        settings.AddTo(command);
        SetAccountAction(command, settings, async (parse, accounts, cancellationToken) =>
        {
            var table = new Table().AddColumns("USERNAME", "TYPE", "ROLES", "STATUS", "CREATED");
            foreach (var account in await accounts.ListAsync(cancellationToken))
            {
                table.AddRow(
                    Markup.Escape(account.Username),
                    account.Type.Name(),
                    Markup.Escape(string.Join(",", account.Roles)),
                    account.Disabled ? "disabled" : "active",
                    account.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Passwd()
    {
        var settings = new SettingsOptions();
        var username = new Argument<string>("username");
        var passwordStdin = PasswordStdinOption();
        var command = new Command("passwd", "Set an account's password") { username, passwordStdin };
        settings.AddTo(command);
        SetAccountAction(command, settings, async (parse, accounts, cancellationToken) =>
        {
            if (ReadPassword(parse.GetValue(passwordStdin), confirm: true) is not { } password)
            {
                return 2;
            }
            var result = await accounts.SetPasswordAsync(parse.GetValue(username)!, password, cancellationToken);
            return Report(result, $"password of '{parse.GetValue(username)}' changed");
        });
        return command;
    }

    private static Command SetDisabled(string name, string description, bool disabled)
    {
        var settings = new SettingsOptions();
        var username = new Argument<string>("username");
        var command = new Command(name, description) { username };
        settings.AddTo(command);
        SetAccountAction(command, settings, async (parse, accounts, cancellationToken) =>
        {
            var user = parse.GetValue(username)!;
            var result = disabled
                ? await accounts.DisableAsync(user, cancellationToken)
                : await accounts.EnableAsync(user, cancellationToken);
            return Report(result, $"account '{user}' {name}d");
        });
        return command;
    }

    private static Command Token()
    {
        var settings = new SettingsOptions();
        var username = new Argument<string>("username") { Description = "A system account" };
        var command = new Command("token", "Issue a long-lived token for a system account (printed on stdout)") { username };
        settings.AddTo(command);
        SetAccountAction(command, settings, async (parse, accounts, cancellationToken) =>
        {
            var result = await accounts.IssueSystemTokenAsync(parse.GetValue(username)!, cancellationToken);
            if (!result.Succeeded)
            {
                Console.Error.WriteLine($"error: {result.Message}");
                return 1;
            }
            Console.Error.WriteLine($"token expires {result.ExpiresAt.ToString("u", CultureInfo.InvariantCulture)}");
            Console.WriteLine(result.Token);
            return 0;
        });
        return command;
    }

    private static Option<bool> PasswordStdinOption() =>
        new("--password-stdin") { Description = "Read the password from the first line of stdin instead of prompting" };

    /// <summary>Runs <paramref name="action"/> with the account service on the settings' data; exit code 2 when unusable.</summary>
    private static void SetAccountAction(
        Command command, SettingsOptions settings, Func<ParseResult, AccountService, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await OpenAsync(settings, parse, cancellationToken);
            return services is null ? 2 : await action(parse, services.Get<AccountService>(), cancellationToken);
        });

    /// <summary>The server's services on the settings' data (null, with the reason printed, when unusable).</summary>
    private static async Task<CliServices?> OpenAsync(SettingsOptions settings, ParseResult parse, CancellationToken cancellationToken)
    {
        if (settings.Resolve(parse) is not { } resolved)
        {
            return null;
        }
        if (McrIdentityServiceCollectionExtensions.IsMciasConfigured(resolved.Options))
        {
            Console.Error.WriteLine("error: accounts are managed by MCIAS (mcias.server_url is set), not by mcrsrv");
            return null;
        }
        return await CliServices.StartAsync(resolved.Options, cancellationToken);
    }

    private static string? ReadPassword(bool fromStdin, bool confirm)
    {
        if (fromStdin || Console.IsInputRedirected)
        {
            var line = Console.In.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                Console.Error.WriteLine("error: no password on stdin");
                return null;
            }
            return line;
        }
        var password = AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());
        if (confirm && AnsiConsole.Prompt(new TextPrompt<string>("Repeat password:").Secret()) != password)
        {
            Console.Error.WriteLine("error: the passwords differ");
            return null;
        }
        return password;
    }

    private static int Report(AccountResult result, string success)
    {
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"error: {result.Message}");
            return 1;
        }
        Console.WriteLine(success);
        return 0;
    }
}
