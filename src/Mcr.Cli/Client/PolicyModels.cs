using System.Text.Json.Serialization;

namespace Mcr.Cli.Client;

/// <summary>A stored policy rule (<c>/v1/policy/rules</c>).</summary>
public sealed record PolicyRule(
    long Id,
    int Priority,
    string Description,
    string Effect,
    bool Enabled,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> AccountTypes,
    string? SubjectUuid,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Repositories,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record PolicyRuleList(IReadOnlyList<PolicyRule> Rules, long Total, int N, int Offset);

/// <summary>
/// The fields a create or update sends, as the REST body takes them. Null means "not given": absent from the body
/// (so an update leaves the field as it is); an empty list clears a list, <c>""</c> clears the subject.
/// </summary>
public sealed record PolicyRuleInput
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Priority { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Effect { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Enabled { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Roles { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? AccountTypes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SubjectUuid { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Actions { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Repositories { get; init; }
}

/// <summary>What <c>policy delete</c> prints (the API answers 204 without a body).</summary>
public sealed record PolicyRuleDeleted(long Id);
