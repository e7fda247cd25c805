using Mcr.Core.Identity;

namespace Mcr.Core.Policy;

/// <summary>
/// The rules every registry has (SPEC §5): negative ids, priority 0, never stored and never
/// editable. Stored rules (priority ≥ 1) can add allows and denies around them; a stored deny
/// still beats these allows because any matching deny wins.
/// </summary>
public static class BuiltInRules
{
    /// <summary>The <c>admin</c> role may do everything.</summary>
    public static readonly PolicyRule Admin = new()
    {
        Id = -1,
        Priority = 0,
        Description = "built-in: the admin role may perform every action",
        Effect = PolicyEffect.Allow,
        Roles = [Identity.Roles.Admin],
    };

    /// <summary>Human accounts with the <c>user</c> role may pull, push, delete and list the catalog.</summary>
    public static readonly PolicyRule HumanUser = new()
    {
        Id = -2,
        Priority = 0,
        Description = "built-in: human accounts with the user role may pull, push, delete and list the catalog",
        Effect = PolicyEffect.Allow,
        Roles = [Identity.Roles.User],
        AccountTypes = [AccountType.Human.Name()],
        Actions = [PolicyAction.Pull, PolicyAction.Push, PolicyAction.Delete, PolicyAction.Catalog],
    };

    /// <summary>Every authenticated caller may ask <c>GET /v2/</c>.</summary>
    public static readonly PolicyRule VersionCheck = new()
    {
        Id = -3,
        Priority = 0,
        Description = "built-in: every authenticated caller may check the API version",
        Effect = PolicyEffect.Allow,
        Actions = [PolicyAction.VersionCheck],
    };

    public static readonly IReadOnlyList<PolicyRule> All = [Admin, HumanUser, VersionCheck];
}
