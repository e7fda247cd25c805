namespace Mcr.Core.Policy;

/// <summary>The actions the policy engine decides on (SPEC §5).</summary>
public static class PolicyAction
{
    public const string VersionCheck = "registry:version_check";
    public const string Pull = "registry:pull";
    public const string Push = "registry:push";
    public const string Delete = "registry:delete";
    public const string Catalog = "registry:catalog";
    public const string PolicyManage = "policy:manage";

    public static readonly IReadOnlyList<string> All = [VersionCheck, Pull, Push, Delete, Catalog, PolicyManage];

    public static bool IsKnown(string action) => All.Contains(action);
}
