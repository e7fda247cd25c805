using Mcr.Core.Policy;

namespace Mcr.Infrastructure.Policy;

/// <summary>
/// A partial change to a stored rule (PATCH): null leaves a field as it is. To clear a list send an
/// empty list; to clear <see cref="SubjectUuid"/> send <c>""</c>.
/// </summary>
public sealed record PolicyRuleUpdate
{
    public int? Priority { get; init; }
    public string? Description { get; init; }
    public bool? Enabled { get; init; }
    public PolicyEffect? Effect { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? AccountTypes { get; init; }
    public string? SubjectUuid { get; init; }
    public IReadOnlyList<string>? Actions { get; init; }
    public IReadOnlyList<string>? Repositories { get; init; }

    /// <summary>The rule with this update's non-null fields applied.</summary>
    public PolicyRule ApplyTo(PolicyRule rule) => rule with
    {
        Priority = Priority ?? rule.Priority,
        Description = Description ?? rule.Description,
        Effect = Effect ?? rule.Effect,
        Roles = Roles ?? rule.Roles,
        AccountTypes = AccountTypes ?? rule.AccountTypes,
        SubjectUuid = SubjectUuid is null ? rule.SubjectUuid : SubjectUuid.Length == 0 ? null : SubjectUuid,
        Actions = Actions ?? rule.Actions,
        Repositories = Repositories ?? rule.Repositories,
    };
}
