using Spectre.Console;

namespace Mcr.Cli;

/// <summary>
/// Everything mcrctl reads from and writes to outside the server: the three streams, whether they are terminals,
/// the environment and the prompts. Commands use only this (never <see cref="Console"/>), so tests run the whole
/// program in-process with captured streams, their own environment and scripted answers.
/// </summary>
internal sealed class CliIo
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    /// <summary>A person can answer prompts (stdin is a terminal).</summary>
    public bool Interactive { get; init; }

    /// <summary>stderr is a terminal: show progress there.</summary>
    public bool ErrorIsTerminal { get; init; }

    public required Func<string, string?> Environment { get; init; }

    /// <summary>Asks a question on the terminal and returns the line typed; hidden input for secrets.</summary>
    public required Func<string, bool, string?> Ask { get; init; }

    public static CliIo System()
    {
        var interactive = !Console.IsInputRedirected;
        return new CliIo
        {
            Out = Console.Out,
            Error = Console.Error,
            In = Console.In,
            Interactive = interactive,
            ErrorIsTerminal = !Console.IsErrorRedirected,
            Environment = global::System.Environment.GetEnvironmentVariable,
            Ask = AskOnTerminal,
        };
    }

    /// <summary>Prompts on stderr (stdout stays clean for pipes); a secret is not echoed.</summary>
    private static string? AskOnTerminal(string question, bool secret)
    {
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        var prompt = new TextPrompt<string>(Markup.Escape(question)).AllowEmpty();
        return terminal.Prompt(secret ? prompt.Secret() : prompt);
    }
}
