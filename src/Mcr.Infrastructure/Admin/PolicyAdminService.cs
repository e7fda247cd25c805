using System.Globalization;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Policy;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Admin;

/// <summary>
/// Policy rule administration (SPEC §5, §10 <c>/v1/policy/rules</c>), shared by REST and gRPC. Every change is
/// validated (<see cref="PolicyRuleValidator"/>), audited (<c>policy_rule_created|updated|deleted</c>) and
/// followed by a reload of the engine, so the next request is decided by the new rules.
/// </summary>
/// <remarks>
/// No lock-out: a stored rule denying <c>policy:manage</c> to the admin role is accepted but has no effect,
/// because the evaluator always allows <c>policy:manage</c> to the admin role (<see cref="PolicyEvaluator"/>).
/// Built-in rules (negative ids) are not stored and cannot be changed here.
/// </remarks>
public sealed class PolicyAdminService(
    PolicyRuleStore store, IPolicyEngine engine, IAuditSink audit, TimeProvider time, ILogger<PolicyAdminService> logger)
{
    /// <summary>The stored rules (enabled or not) by priority, then id.</summary>
    public async Task<AdminResult<PolicyRulePage>> ListAsync(int n, int offset, CancellationToken cancellationToken = default)
    {
        if (AdminPaging.Validate(n, offset) is { } invalid)
        {
            return invalid;
        }
        return AdminResult.Ok(await store.ListAsync(n, offset, cancellationToken));
    }

    public async Task<AdminResult<StoredPolicyRule>> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var rule = id > 0 ? await store.GetAsync(id, cancellationToken) : null;
        return rule is null ? NotFound(id) : AdminResult.Ok(rule);
    }

    public async Task<AdminResult<StoredPolicyRule>> CreateAsync(AdminCaller caller, PolicyRuleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<string>();
        if (input.Priority is null)
        {
            errors.Add("priority is required");
        }
        var effect = ParseEffect(input.Effect, required: true, errors);
        var rule = new PolicyRule
        {
            // a missing priority is already reported; 1 keeps the validator from reporting it again
            Priority = input.Priority ?? 1,
            Description = input.Description ?? "",
            Effect = effect ?? PolicyEffect.Deny,
            Roles = List("roles", input.Roles, errors) ?? [],
            AccountTypes = List("account_types", input.AccountTypes, errors) ?? [],
            SubjectUuid = string.IsNullOrEmpty(input.SubjectUuid) ? null : input.SubjectUuid,
            Actions = List("actions", input.Actions, errors) ?? [],
            Repositories = List("repositories", input.Repositories, errors) ?? [],
        };
        if (errors.Count > 0)
        {
            // the validator's messages too, so the client sees every problem at once
            return Invalid([.. errors, .. PolicyRuleValidator.Validate(rule)]);
        }
        // Past validation the write, reload and audit belong together: finish them even if the client goes away.
        var result = await store.CreateAsync(rule, input.Enabled ?? true, caller.ActorId, CancellationToken.None);
        return await CompleteAsync(caller, result, AuditEventTypes.PolicyRuleCreated, "created");
    }

    public async Task<AdminResult<StoredPolicyRule>> UpdateAsync(AdminCaller caller, long id, PolicyRuleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (id <= 0)
        {
            return id < 0 ? AdminError.Invalid("built-in rules cannot be changed") : NotFound(id);
        }
        var errors = new List<string>();
        var update = new PolicyRuleUpdate
        {
            Priority = input.Priority,
            Description = input.Description,
            Enabled = input.Enabled,
            Effect = ParseEffect(input.Effect, required: false, errors),
            Roles = List("roles", input.Roles, errors),
            AccountTypes = List("account_types", input.AccountTypes, errors),
            SubjectUuid = input.SubjectUuid,
            Actions = List("actions", input.Actions, errors),
            Repositories = List("repositories", input.Repositories, errors),
        };
        if (input == new PolicyRuleInput())
        {
            errors.Add("no field to update");
        }
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }
        var result = await store.UpdateAsync(id, update, CancellationToken.None);
        return await CompleteAsync(caller, result, AuditEventTypes.PolicyRuleUpdated, "updated");
    }

    /// <summary>Deletes the rule and returns it as it was.</summary>
    public async Task<AdminResult<StoredPolicyRule>> DeleteAsync(AdminCaller caller, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (id < 0)
        {
            return AdminError.Invalid("built-in rules cannot be deleted");
        }
        var existing = id > 0 ? await store.GetAsync(id, cancellationToken) : null;
        // a concurrent delete may win between the read and the delete; then this one found nothing
        if (existing is null || !await store.DeleteAsync(id, CancellationToken.None))
        {
            return NotFound(id);
        }
        await engine.ReloadAsync(CancellationToken.None);
        Audit(caller, AuditEventTypes.PolicyRuleDeleted, existing, "deleted");
        return AdminResult.Ok(existing);
    }

    private async Task<AdminResult<StoredPolicyRule>> CompleteAsync(AdminCaller caller, PolicyRuleWriteResult result, string eventType, string change)
    {
        switch (result.Status)
        {
            case PolicyRuleWriteStatus.NotFound:
                return AdminError.NotFound("policy rule not found");
            case PolicyRuleWriteStatus.Invalid:
                return Invalid(result.Errors);
            default:
                await engine.ReloadAsync(CancellationToken.None);
                Audit(caller, eventType, result.Rule!, change);
                return AdminResult.Ok(result.Rule!);
        }
    }

    private void Audit(AdminCaller caller, string eventType, StoredPolicyRule stored, string change)
    {
        var id = stored.Rule.Id.ToString(CultureInfo.InvariantCulture);
        audit.Record(new AuditEvent(time.GetUtcNow(), eventType, caller.ActorId, ClientIp: caller.ClientIp,
            Details: new Dictionary<string, string>
            {
                ["rule_id"] = id,
                ["priority"] = stored.Rule.Priority.ToString(CultureInfo.InvariantCulture),
                ["effect"] = stored.Rule.Effect.Name(),
                ["enabled"] = stored.Enabled ? "true" : "false",
            }));
        AdminLog.PolicyRuleChanged(logger, stored.Rule.Id, change, caller.ActorId);
    }

    private static PolicyEffect? ParseEffect(string? value, bool required, List<string> errors)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add("effect is required (\"allow\" or \"deny\")");
            }
            return null;
        }
        if (PolicyEffects.TryParse(value, out var effect))
        {
            return effect;
        }
        errors.Add("effect must be \"allow\" or \"deny\"");
        return null;
    }

    /// <summary>The list without nulls, or null when absent; a null element is an error.</summary>
    private static IReadOnlyList<string>? List(string field, IReadOnlyList<string?>? values, List<string> errors)
    {
        if (values is null)
        {
            return null;
        }
        if (values.Any(static v => v is null))
        {
            errors.Add($"{field} must not contain null");
        }
        return [.. values.OfType<string>()];
    }

    private static AdminError Invalid(IEnumerable<string> errors) => AdminError.Invalid(string.Join("; ", errors));

    private static AdminError NotFound(long id) => AdminError.NotFound($"policy rule {id.ToString(CultureInfo.InvariantCulture)} not found");
}
