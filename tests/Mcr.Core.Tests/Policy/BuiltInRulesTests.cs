using Mcr.Core.Policy;
using static Mcr.Core.Tests.Policy.PolicyInputs;

namespace Mcr.Core.Tests.Policy;

public sealed class BuiltInRulesTests
{
    private static readonly string[] _contentActions = [PolicyAction.Pull, PolicyAction.Push, PolicyAction.Delete, PolicyAction.Catalog];

    public static TheoryData<string> AllActions() => [.. PolicyAction.All];

    private static bool Allowed(PolicyInput input) => PolicyEvaluator.Evaluate(input, BuiltInRules.All).Allowed;

    private static string RepositoryFor(string action) =>
        action is PolicyAction.Pull or PolicyAction.Push or PolicyAction.Delete ? "team/app" : "";

    [Fact]
    public void All_HaveNegativeIdsAndPriorityZero()
    {
        Assert.Equal([-1L, -2L, -3L], BuiltInRules.All.Select(r => r.Id));
        Assert.All(BuiltInRules.All, r => Assert.Equal(0, r.Priority));
        Assert.All(BuiltInRules.All, r => Assert.Equal(PolicyEffect.Allow, r.Effect));
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public void Evaluate_Admin_AllowedEveryAction(string action) =>
        Assert.True(Allowed(Admin(action, RepositoryFor(action))));

    [Theory]
    [MemberData(nameof(AllActions))]
    public void Evaluate_HumanUser_AllowedContentActionsAndVersionCheckOnly(string action)
    {
        var expected = _contentActions.Contains(action) || action == PolicyAction.VersionCheck;
        Assert.Equal(expected, Allowed(User(action, RepositoryFor(action))));
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public void Evaluate_Guest_AllowedVersionCheckOnly(string action) =>
        Assert.Equal(action == PolicyAction.VersionCheck, Allowed(Guest(action, RepositoryFor(action))));

    [Theory]
    [MemberData(nameof(AllActions))]
    public void Evaluate_SystemAccount_AllowedVersionCheckOnly(string action) =>
        Assert.Equal(action == PolicyAction.VersionCheck, Allowed(SystemAccount(action, RepositoryFor(action))));

    [Fact]
    public void Evaluate_SystemAccountWithUserRole_NotGivenContentAccess()
    {
        var input = SystemAccount(PolicyAction.Pull, "app") with { Roles = [Mcr.Core.Identity.Roles.User] };
        Assert.False(Allowed(input));
    }

    [Fact]
    public void Evaluate_VersionCheck_AllowedForEveryCaller()
    {
        foreach (var input in new[] { Admin(PolicyAction.VersionCheck), User(PolicyAction.VersionCheck), Guest(PolicyAction.VersionCheck), SystemAccount(PolicyAction.VersionCheck) })
        {
            var decision = PolicyEvaluator.Evaluate(input, BuiltInRules.All);
            Assert.True(decision.Allowed, input.Subject);
        }
        Assert.Same(BuiltInRules.VersionCheck, PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.VersionCheck), BuiltInRules.All).Rule);
    }

    [Fact]
    public void Validate_BuiltInRules_RejectedOnlyForPriority()
    {
        // built-ins use the reserved priority 0, so they could never be stored as ordinary rules
        foreach (var rule in BuiltInRules.All)
        {
            Assert.Single(PolicyRuleValidator.Validate(rule));
            Assert.Empty(PolicyRuleValidator.Validate(rule with { Priority = 1 }));
        }
    }
}
