namespace Mcr.Cli.Commands;

/// <summary>
/// Passwords and confirmations. A password comes from a hidden prompt on a terminal, or with
/// <c>--password-stdin</c> from the first line of stdin; never from an argument, which every user can read in the
/// process list.
/// </summary>
internal static class Prompts
{
    public static string ReadPassword(CliIo io, bool fromStdin, bool confirm, string prompt = "Password: ")
    {
        if (fromStdin)
        {
            var line = io.In.ReadLine();
            return string.IsNullOrEmpty(line) ? throw new UsageException("--password-stdin: no password on the first line of stdin") : line;
        }
        if (!io.Interactive)
        {
            throw new UsageException("stdin is not a terminal to prompt for the password: pass --password-stdin and write it to stdin");
        }
        var password = io.Ask(prompt, true);
        if (string.IsNullOrEmpty(password))
        {
            throw new UsageException("no password given");
        }
        if (confirm && io.Ask("Repeat the password: ", true) != password)
        {
            throw new UsageException("the passwords differ");
        }
        return password;
    }

    /// <summary>True when <paramref name="yes"/> is set or the person answers y/yes; without a terminal, a usage error.</summary>
    public static bool Confirm(CliIo io, bool yes, string question)
    {
        if (yes)
        {
            return true;
        }
        if (!io.Interactive)
        {
            throw new UsageException("refusing to do this without a confirmation: pass --yes (stdin is not a terminal to ask)");
        }
        var answer = io.Ask($"{question} [y/N] ", false)?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }
}
