using Mcr.Core.Identity;
using Mcr.Core.Policy;

namespace Mcr.Core.Tests.Policy;

/// <summary>Callers the policy tests ask about.</summary>
internal static class PolicyInputs
{
    public const string AdminId = "11111111-1111-1111-1111-111111111111";
    public const string UserId = "22222222-2222-2222-2222-222222222222";
    public const string GuestId = "33333333-3333-3333-3333-333333333333";
    public const string SystemId = "44444444-4444-4444-4444-444444444444";

    public static PolicyInput Admin(string action, string repository = "") =>
        new(AdminId, AccountType.Human, [Roles.Admin], action, repository);

    public static PolicyInput User(string action, string repository = "") =>
        new(UserId, AccountType.Human, [Roles.User], action, repository);

    public static PolicyInput Guest(string action, string repository = "") =>
        new(GuestId, AccountType.Human, [Roles.Guest], action, repository);

    public static PolicyInput SystemAccount(string action, string repository = "") =>
        new(SystemId, AccountType.System, [], action, repository);
}
