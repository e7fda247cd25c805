namespace Mcr.Infrastructure.Admin;

/// <summary>
/// The fields of a policy rule as a client sends them (REST JSON, gRPC message), before validation. For a
/// create, <see cref="Priority"/> and <see cref="Effect"/> are required and absent lists are empty (wildcards);
/// for an update, null leaves a field as it is, an empty list clears it and <c>""</c> clears
/// <see cref="SubjectUuid"/>.
/// </summary>
public sealed record PolicyRuleInput
{
    public int? Priority { get; init; }
    public string? Description { get; init; }

    /// <summary><c>allow</c> or <c>deny</c>.</summary>
    public string? Effect { get; init; }
    public bool? Enabled { get; init; }
    public IReadOnlyList<string?>? Roles { get; init; }
    public IReadOnlyList<string?>? AccountTypes { get; init; }
    public string? SubjectUuid { get; init; }
    public IReadOnlyList<string?>? Actions { get; init; }
    public IReadOnlyList<string?>? Repositories { get; init; }
}
