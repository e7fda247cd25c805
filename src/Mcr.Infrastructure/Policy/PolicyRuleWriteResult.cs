namespace Mcr.Infrastructure.Policy;

public enum PolicyRuleWriteStatus
{
    Ok,
    NotFound,
    Invalid,
}

/// <summary>
/// Outcome of a create or update: the stored rule, or why nothing was written (no such rule, or
/// the validator's messages, fit for a 400 response).
/// </summary>
public sealed record PolicyRuleWriteResult(PolicyRuleWriteStatus Status, StoredPolicyRule? Rule, IReadOnlyList<string> Errors)
{
    public static PolicyRuleWriteResult Ok(StoredPolicyRule rule) => new(PolicyRuleWriteStatus.Ok, rule, []);

    public static PolicyRuleWriteResult NotFound { get; } = new(PolicyRuleWriteStatus.NotFound, null, []);

    public static PolicyRuleWriteResult Invalid(IReadOnlyList<string> errors) => new(PolicyRuleWriteStatus.Invalid, null, errors);
}
