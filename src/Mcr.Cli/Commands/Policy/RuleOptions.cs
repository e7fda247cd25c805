using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mcr.Cli.Client;

namespace Mcr.Cli.Commands.Policy;

/// <summary>
/// The flags of <c>policy create|update</c>, and <c>--file FILE</c> (a JSON body as <c>POST /v1/policy/rules</c> takes
/// it; <c>-</c> is stdin). Flags override the file's fields. (The README's global <c>--json</c> is the output switch,
/// so the input file has its own name.)
/// </summary>
internal sealed class RuleOptions
{
    public static readonly string[] Actions =
        ["registry:version_check", "registry:pull", "registry:push", "registry:delete", "registry:catalog", "policy:manage"];

    /// <summary>Unknown fields in a file are refused, as the server refuses them: a typo must not vanish silently.</summary>
    private static readonly McrJson _strict = McrJson.With(o => o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);

    public Option<int?> Priority { get; } = new("--priority") { Description = "Evaluation order, 1 or more (lower first)" };

    public Option<string?> Effect { get; } = new("--effect") { Description = "allow or deny" };

    public Option<string?> Description { get; } = new("--description", "-d") { Description = "What the rule is for" };

    public Option<string[]?> Roles { get; } = new("--role") { Description = "Match this role (admin, user, guest); repeat for several" };

    public Option<string[]?> AccountTypes { get; } = new("--account-type") { Description = "Match human or system accounts; repeat for both" };

    public Option<string?> Subject { get; } = new("--subject") { Description = "Match one account by its UUID (\"\" clears on update)" };

    public Option<string[]?> RuleActions { get; } = new("--action") { Description = "Match this action, e.g. registry:push; repeat for several" };

    public Option<string[]?> Repositories { get; } = new("--repository") { Description = "Match repositories by glob, e.g. 'production/*'; repeat" };

    public Option<string?> File { get; } = new("--file", "-f") { Description = "Read the rule from a JSON file (- for stdin), as the REST API takes it" };

    public RuleOptions()
    {
        Effect.AcceptOnlyFromAmong("allow", "deny");
        Roles.AcceptOnlyFromAmong("admin", "user", "guest");
        AccountTypes.AcceptOnlyFromAmong("human", "system");
        // Completed, not enforced: the server validates actions, and may know more than this mcrctl.
        RuleActions.CompletionSources.Add(Actions);
    }

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[Priority, Effect, Description, Roles, AccountTypes, Subject, RuleActions, Repositories, File])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The file's fields (if any) with the flags laid over them.</summary>
    public PolicyRuleInput Read(ParseResult parse, CliIo io)
    {
        var input = parse.GetValue(File) is { } path ? ReadFile(path, io) : new PolicyRuleInput();
        return input with
        {
            Priority = parse.GetValue(Priority) ?? input.Priority,
            Effect = parse.GetValue(Effect) ?? input.Effect,
            Description = parse.GetValue(Description) ?? input.Description,
            Roles = Given(parse, Roles) ?? input.Roles,
            AccountTypes = Given(parse, AccountTypes) ?? input.AccountTypes,
            SubjectUuid = parse.GetValue(Subject) ?? input.SubjectUuid,
            Actions = Given(parse, RuleActions) ?? input.Actions,
            Repositories = Given(parse, Repositories) ?? input.Repositories,
        };
    }

    /// <summary>
    /// A list flag's values only when it is on the command line: an absent flag reads as an empty list, which an
    /// update would send as "clear this field".
    /// </summary>
    private static string[]? Given(ParseResult parse, Option<string[]?> option) =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    private static PolicyRuleInput ReadFile(string path, CliIo io)
    {
        string text;
        try
        {
            text = path == "-" ? io.In.ReadToEnd() : System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--file {path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
        }
        try
        {
            return JsonSerializer.Deserialize(text, _strict.PolicyRuleInput) ?? throw new UsageException($"--file {path}: the JSON must be an object");
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            throw new UsageException($"--file {path}: not a policy rule{where} (malformed JSON, a wrong type or an unknown field)");
        }
    }
}
