using System.CommandLine;
using Mcr.Cli.Client;
using Mcr.Cli.Output;

namespace Mcr.Cli.Commands.Policy;

/// <summary><c>mcrctl policy list|show|create|update|delete|enable|disable</c> (admin).</summary>
internal static class PolicyCommands
{
    public static Command Create(CommandRunner runner) => new("policy", "Stored policy rules (admin)")
    {
        List(runner),
        Show(runner),
        CreateRule(runner),
        Update(runner),
        Delete(runner),
        SetEnabled(runner, "enable", enabled: true),
        SetEnabled(runner, "disable", enabled: false),
    };

    private static Command List(CommandRunner runner)
    {
        var paging = new Paging(100);
        var command = new Command("list", "List the stored rules (the built-in ones are not listed)");
        paging.AddTo(command);
        command.Aliases.Add("ls");
        runner.Authenticated(command, _ => "list policy rules", async (call, cancellationToken) =>
        {
            var offset = call.Value(paging.Offset);
            var page = await call.Client.Policy.ListAsync(call.Value(paging.N), offset, cancellationToken);
            call.Session.Output.Write(page, o =>
            {
                var table = new TextTable("ID", "PRIORITY", "EFFECT", "ENABLED", "ACTIONS", "REPOSITORIES", "ROLES", "TYPES", "SUBJECT", "DESCRIPTION");
                foreach (var r in page.Rules)
                {
                    table.Add(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        r.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Effect, r.Enabled ? "yes" : "no",
                        Format.List(r.Actions), Format.List(r.Repositories), Format.List(r.Roles), Format.List(r.AccountTypes),
                        r.SubjectUuid ?? "*", r.Description);
                }
                if (page.Rules.Count > 0)
                {
                    o.Write(table);
                }
                o.Error.WriteLine(Paging.Footer(page.Rules.Count, page.Total, offset, "rules"));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<long> IdArgument() => new("id") { Description = "The rule's id (`mcrctl policy list`)" };

    private static Command Show(CommandRunner runner)
    {
        var id = IdArgument();
        var command = new Command("show", "Show one rule") { id };
        runner.Authenticated(command, p => $"show policy rule {p.GetValue(id)}", async (call, cancellationToken) =>
        {
            var rule = await call.Client.Policy.GetAsync(call.Value(id), cancellationToken);
            call.Session.Output.Write(rule, o => Print(o, rule));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRule(CommandRunner runner)
    {
        var rule = new RuleOptions();
        var disabled = new Option<bool>("--disabled") { Description = "Store the rule disabled" };
        var command = new Command("create", "Create a rule from flags or --file (priority and effect are required)") { disabled };
        rule.AddTo(command);
        runner.Authenticated(command, _ => "create a policy rule", async (call, cancellationToken) =>
        {
            var input = rule.Read(call.Parse, call.Session.Io);
            if (call.Value(disabled))
            {
                input = input with { Enabled = false };
            }
            if (input.Priority is null || input.Effect is null)
            {
                throw new UsageException("a new rule needs --priority and --effect (or both in --file)");
            }
            var created = await call.Client.Policy.CreateAsync(input, cancellationToken);
            call.Session.Output.Write(created, o =>
            {
                o.Line($"Created policy rule {created.Id}.");
                Print(o, created);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Update(CommandRunner runner)
    {
        var id = IdArgument();
        var rule = new RuleOptions();
        var command = new Command("update", "Change the fields given (by flags or --file); the others stay") { id };
        rule.AddTo(command);
        runner.Authenticated(command, p => $"update policy rule {p.GetValue(id)}", async (call, cancellationToken) =>
        {
            var changes = rule.Read(call.Parse, call.Session.Io);
            if (changes == new PolicyRuleInput())
            {
                throw new UsageException("nothing to change: give a flag such as --priority, or --file");
            }
            var updated = await call.Client.Policy.UpdateAsync(call.Value(id), changes, cancellationToken);
            call.Session.Output.Write(updated, o => Print(o, updated));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetEnabled(CommandRunner runner, string name, bool enabled)
    {
        var id = IdArgument();
        var command = new Command(name, enabled ? "Enable a rule" : "Disable a rule (it stays stored, but no longer matches)") { id };
        runner.Authenticated(command, p => $"{name} policy rule {p.GetValue(id)}", async (call, cancellationToken) =>
        {
            var updated = await call.Client.Policy.UpdateAsync(call.Value(id), new PolicyRuleInput { Enabled = enabled }, cancellationToken);
            call.Session.Output.Write(updated, o => o.Line($"Policy rule {updated.Id} is {(updated.Enabled ? "enabled" : "disabled")}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var id = IdArgument();
        var command = new Command("delete", "Delete a rule") { id };
        command.Aliases.Add("rm");
        runner.Authenticated(command, p => $"delete policy rule {p.GetValue(id)}", async (call, cancellationToken) =>
        {
            await call.Client.Policy.DeleteAsync(call.Value(id), cancellationToken);
            call.Session.Output.Write(new PolicyRuleDeleted(call.Value(id)), o => o.Line($"Deleted policy rule {call.Value(id)}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(CommandOutput o, PolicyRule r)
    {
        o.Line($"id:            {r.Id}");
        o.Line($"priority:      {r.Priority}");
        o.Line($"effect:        {r.Effect}");
        o.Line($"enabled:       {(r.Enabled ? "yes" : "no")}");
        o.Line($"description:   {r.Description}");
        o.Line($"actions:       {Format.List(r.Actions)}");
        o.Line($"repositories:  {Format.List(r.Repositories)}");
        o.Line($"roles:         {Format.List(r.Roles)}");
        o.Line($"account types: {Format.List(r.AccountTypes)}");
        o.Line($"subject:       {r.SubjectUuid ?? "*"}");
        o.Line($"created:       {Format.Time(r.CreatedAt)}{(r.CreatedBy is null ? "" : $" by {r.CreatedBy}")}");
        o.Line($"updated:       {Format.Time(r.UpdatedAt)}");
    }
}
