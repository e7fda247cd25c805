using System.Globalization;
using Grpc.Core;
using Mcr.Protocol.V1;
using Microsoft.AspNetCore.Mvc;
using GrpcStatus = Grpc.Core.StatusCode;

namespace Mcr.Web.Pages.Policies;

/// <summary>
/// Create (<c>/policies/new</c>) or edit (<c>/policies/{id}/edit</c>) a rule. Errors are shown beside the field:
/// mcr-web's own checks first, then the registry's InvalidArgument message, placed by the field it names.
/// </summary>
public sealed class EditModel : McrPageModel
{
    public static readonly string[] KnownActions =
        ["registry:pull", "registry:push", "registry:delete", "registry:catalog", "registry:version_check", "policy:manage"];

    public static readonly string[] KnownRoles = ["admin", "user", "guest"];

    public static readonly string[] KnownAccountTypes = ["human", "system"];

    [BindProperty]
    public PolicyForm Form { get; set; } = new();

    public long? Id { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync(long? id)
    {
        Id = id;
        if (id is { } existing)
        {
            Form = PolicyForm.From(await Registry.Policy.GetPolicyRuleAsync(new GetPolicyRuleRequest { Id = existing }));
        }
    }

    public async Task<IActionResult> OnPostAsync(long? id)
    {
        Id = id;
        var input = Form.Validate(Errors);
        if (input is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        try
        {
            var rule = id is { } existing
                ? await Registry.Policy.UpdatePolicyRuleAsync(new UpdatePolicyRuleRequest { Id = existing, Rule = input })
                : await Registry.Policy.CreatePolicyRuleAsync(new CreatePolicyRuleRequest { Rule = input });
            Flash(id is null ? $"Rule {rule.Id} created." : $"Rule {rule.Id} saved.");
            return Redirect("/policies");
        }
        catch (RpcException e) when (e.StatusCode == GrpcStatus.InvalidArgument)
        {
            Errors[PolicyForm.FieldOf(e.Status.Detail)] = e.Status.Detail;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;
}

/// <summary>The rule form as posted; every list is sent in full (an empty one clears the field).</summary>
public sealed class PolicyForm
{
    public string Priority { get; set; } = "10";

    public string? Description { get; set; }

    public string Effect { get; set; } = "allow";

    public bool Enabled { get; set; } = true;

    public List<string> Roles { get; set; } = [];

    public List<string> AccountTypes { get; set; } = [];

    public string? SubjectUuid { get; set; }

    public List<string> Actions { get; set; } = [];

    /// <summary>One glob a line.</summary>
    public string? Repositories { get; set; }

    public static PolicyForm From(PolicyRule rule) => new()
    {
        Priority = rule.Priority.ToString(CultureInfo.InvariantCulture),
        Description = rule.Description,
        Effect = rule.Effect,
        Enabled = rule.Enabled,
        Roles = [.. rule.Roles],
        AccountTypes = [.. rule.AccountTypes],
        SubjectUuid = rule.SubjectUuid,
        Actions = [.. rule.Actions],
        Repositories = string.Join('\n', rule.Repositories),
    };

    /// <summary>The input for the RPC, or null with the problems in <paramref name="errors"/> by field.</summary>
    public PolicyRuleInput? Validate(Dictionary<string, string> errors)
    {
        if (!int.TryParse(Priority?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var priority) || priority < 1)
        {
            errors["priority"] = "Priority is a whole number of at least 1 (0 is for the built-in rules).";
        }
        if (Effect is not ("allow" or "deny"))
        {
            errors["effect"] = "Effect is allow or deny.";
        }
        var description = (Description ?? "").Trim();
        if (description.Length > 500)
        {
            errors["description"] = "At most 500 characters.";
        }
        var subject = (SubjectUuid ?? "").Trim();
        if (subject.Length > 0 && !Guid.TryParse(subject, out _))
        {
            errors["subject_uuid"] = "A subject is an account's UUID (the actor id of the audit log), or empty for anyone.";
        }
        if (Actions.FirstOrDefault(a => !EditModel.KnownActions.Contains(a, StringComparer.Ordinal)) is { } action)
        {
            errors["actions"] = $"Unknown action {action}.";
        }
        if (Roles.FirstOrDefault(r => !EditModel.KnownRoles.Contains(r, StringComparer.Ordinal)) is { } role)
        {
            errors["roles"] = $"Unknown role {role}.";
        }
        if (AccountTypes.FirstOrDefault(t => !EditModel.KnownAccountTypes.Contains(t, StringComparer.Ordinal)) is { } type)
        {
            errors["account_types"] = $"Unknown account type {type}.";
        }
        var repositories = (Repositories ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (repositories.FirstOrDefault(r => r.Any(char.IsWhiteSpace)) is { } spaced)
        {
            errors["repositories"] = $"\"{spaced}\" has a space; write one repository or glob (team/*) a line.";
        }
        if (errors.Count > 0)
        {
            return null;
        }
        var input = new PolicyRuleInput
        {
            Priority = priority,
            Description = description,
            Effect = Effect,
            Enabled = Enabled,
            SubjectUuid = subject,
            Roles = new StringList(),
            AccountTypes = new StringList(),
            Actions = new StringList(),
            Repositories = new StringList(),
        };
        input.Roles.Values.AddRange(Roles.Distinct(StringComparer.Ordinal));
        input.AccountTypes.Values.AddRange(AccountTypes.Distinct(StringComparer.Ordinal));
        input.Actions.Values.AddRange(Actions.Distinct(StringComparer.Ordinal));
        input.Repositories.Values.AddRange(repositories.Distinct(StringComparer.Ordinal));
        return input;
    }

    /// <summary>The field a registry message is about, by the key it names (e.g. "priority must be ≥ 1"); else the form.</summary>
    public static string FieldOf(string message)
    {
        foreach (var field in new[] { "priority", "effect", "subject_uuid", "account_types", "actions", "roles", "repositories", "description" })
        {
            if (message.Contains(field, StringComparison.OrdinalIgnoreCase) ||
                message.Contains(field.Replace('_', ' '), StringComparison.OrdinalIgnoreCase))
            {
                return field;
            }
        }
        return "form";
    }
}
