namespace Mcr.Core.Policy;

/// <summary>
/// One authorization rule (SPEC §5). Every populated match field must match (AND);
/// an empty field matches anything. Stored rules have priority ≥ 1; built-ins use 0.
/// </summary>
public sealed record PolicyRule
{
    public long Id { get; init; }
    public int Priority { get; init; }
    public string Description { get; init; } = "";
    public PolicyEffect Effect { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> AccountTypes { get; init; } = [];
    public string? SubjectUuid { get; init; }
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>Glob patterns; <c>*</c> matches within one path segment only.</summary>
    public IReadOnlyList<string> Repositories { get; init; } = [];
}
