using Mcr.Core.Identity;

namespace Mcr.Core.Policy;

/// <summary>
/// The stateless policy decision (SPEC §5). Rules are taken in priority order (ascending, stable,
/// so equal priorities keep their list order); every matching rule is considered; any matching
/// deny wins; otherwise the first matching allow decides; otherwise the default deny
/// (<see cref="PolicyDecision.Rule"/> is null).
/// </summary>
/// <remarks>
/// Lock-out guard: after the deny-wins step, a caller holding the <c>admin</c> role who was denied
/// <see cref="PolicyAction.PolicyManage"/> is allowed anyway, with <see cref="BuiltInRules.Admin"/>
/// as the deciding rule. Whatever the stored rules say, an administrator can always repair them.
/// The guard covers only <c>policy:manage</c>: a deny rule can still stop an admin pulling.
/// </remarks>
public static class PolicyEvaluator
{
    private static readonly PolicyDecision _defaultDeny = new(PolicyEffect.Deny, null);
    private static readonly PolicyDecision _lockOutGuard = new(PolicyEffect.Allow, BuiltInRules.Admin);

    /// <summary>Sorts <paramref name="rules"/> by priority (stable) and decides.</summary>
    public static PolicyDecision Evaluate(PolicyInput input, IReadOnlyList<PolicyRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return EvaluateOrdered(input, SortByPriority(rules));
    }

    /// <summary>
    /// Decides over rules already in priority order (as <see cref="SortByPriority"/> returns them).
    /// The hot path: no sorting, no locks.
    /// </summary>
    public static PolicyDecision EvaluateOrdered(PolicyInput input, IReadOnlyList<PolicyRule> rulesByPriority)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rulesByPriority);

        PolicyRule? firstAllow = null;
        PolicyRule? firstDeny = null;
        for (var i = 0; i < rulesByPriority.Count; i++)
        {
            var rule = rulesByPriority[i];
            if (!Matches(rule, input))
            {
                continue;
            }
            if (rule.Effect == PolicyEffect.Allow)
            {
                firstAllow ??= rule;
            }
            else
            {
                // any deny wins, so the first one found decides and nothing later can change that
                firstDeny = rule;
                break;
            }
        }

        var decision = firstDeny is not null ? new PolicyDecision(PolicyEffect.Deny, firstDeny)
            : firstAllow is not null ? new PolicyDecision(PolicyEffect.Allow, firstAllow)
            : _defaultDeny;

        if (!decision.Allowed && input.Action == PolicyAction.PolicyManage && HasRole(input, Identity.Roles.Admin))
        {
            return _lockOutGuard;
        }
        return decision;
    }

    /// <summary>The rules in ascending priority, ties in their original order.</summary>
    public static PolicyRule[] SortByPriority(IEnumerable<PolicyRule> rules) =>
        [.. rules.OrderBy(static r => r.Priority)];

    /// <summary>True when every populated match field of <paramref name="rule"/> accepts <paramref name="input"/>.</summary>
    public static bool Matches(PolicyRule rule, PolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(input);

        if (rule.Actions.Count > 0 && !Contains(rule.Actions, input.Action))
        {
            return false;
        }
        if (rule.AccountTypes.Count > 0 && !Contains(rule.AccountTypes, input.AccountType.Name()))
        {
            return false;
        }
        if (!string.IsNullOrEmpty(rule.SubjectUuid) && !string.Equals(rule.SubjectUuid, input.Subject, StringComparison.Ordinal))
        {
            return false;
        }
        if (rule.Roles.Count > 0 && !HasAnyRole(input, rule.Roles))
        {
            return false;
        }
        return MatchesRepository(rule.Repositories, input.Repository);
    }

    private static bool MatchesRepository(IReadOnlyList<string> patterns, string repository)
    {
        if (patterns.Count == 0)
        {
            return true;
        }
        // a global operation (catalog, version check) is not "in" any repository
        if (string.IsNullOrEmpty(repository))
        {
            return false;
        }
        for (var i = 0; i < patterns.Count; i++)
        {
            if (RepositoryGlob.IsMatch(patterns[i], repository))
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasAnyRole(PolicyInput input, IReadOnlyList<string> roles)
    {
        for (var i = 0; i < roles.Count; i++)
        {
            if (HasRole(input, roles[i]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasRole(PolicyInput input, string role) => Contains(input.Roles, role);

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
