using Mcr.Core.Identity;

namespace Mcr.Core.Policy;

/// <summary>What is being asked: who, which action, on which repository ("" for a global operation).</summary>
public sealed record PolicyInput(
    string Subject,
    AccountType AccountType,
    IReadOnlyList<string> Roles,
    string Action,
    string Repository)
{
    public static PolicyInput For(Principal principal, string action, string repository = "") =>
        new(principal.Subject, principal.AccountType, principal.Roles, action, repository);
}
