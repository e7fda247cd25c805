using Mcr.Core.Policy;

namespace Mcr.Infrastructure.Policy;

/// <summary>A row of <c>policy_rules</c>: the rule plus what only storage knows.</summary>
public sealed record StoredPolicyRule(
    PolicyRule Rule,
    bool Enabled,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One page of rules in priority order and the number of rules in all.</summary>
public sealed record PolicyRulePage(IReadOnlyList<StoredPolicyRule> Items, long Total);
