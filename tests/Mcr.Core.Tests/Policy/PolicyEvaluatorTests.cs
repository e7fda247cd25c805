using Mcr.Core.Identity;
using Mcr.Core.Policy;
using static Mcr.Core.Tests.Policy.PolicyInputs;

namespace Mcr.Core.Tests.Policy;

public sealed class PolicyEvaluatorTests
{
    private static PolicyRule Allow(long id, int priority = 10) => new() { Id = id, Priority = priority, Effect = PolicyEffect.Allow };

    private static PolicyRule Deny(long id, int priority = 10) => new() { Id = id, Priority = priority, Effect = PolicyEffect.Deny };

    [Fact]
    public void Evaluate_NoRules_DefaultDenyWithoutRule()
    {
        var decision = PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "app"), []);

        Assert.False(decision.Allowed);
        Assert.Null(decision.Rule);
    }

    [Fact]
    public void Evaluate_AdminWildcardRule_AllowsEveryActionAnywhere()
    {
        var rules = new[] { Allow(1) with { Roles = [Roles.Admin] } };

        foreach (var action in PolicyAction.All)
        {
            Assert.True(PolicyEvaluator.Evaluate(Admin(action, "any/repo"), rules).Allowed, action);
            Assert.True(PolicyEvaluator.Evaluate(Admin(action), rules).Allowed, action);
        }
    }

    [Fact]
    public void Evaluate_UserRule_AllowsListedActionOnly()
    {
        var rules = new[] { Allow(1) with { Roles = [Roles.User], Actions = [PolicyAction.Pull] } };

        Assert.True(PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "app"), rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.Push, "app"), rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(Guest(PolicyAction.Pull, "app"), rules).Allowed);
    }

    [Fact]
    public void Evaluate_SystemAccountWithoutRules_DeniedEvenWithBuiltIns()
    {
        var decision = PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Pull, "app"), BuiltInRules.All);

        Assert.False(decision.Allowed);
        Assert.Null(decision.Rule);
    }

    [Fact]
    public void Evaluate_RoleList_MatchesWhenCallerHasAnyListedRole()
    {
        var rules = new[] { Allow(1) with { Roles = ["ci", Roles.Guest] } };
        var multiRole = new PolicyInput(GuestId, AccountType.Human, ["other", Roles.Guest], PolicyAction.Pull, "app");

        Assert.True(PolicyEvaluator.Evaluate(multiRole, rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "app"), rules).Allowed);
    }

    [Fact]
    public void Evaluate_AccountTypeRule_MatchesByName()
    {
        var rules = new[] { Allow(1) with { AccountTypes = ["system"], Actions = [PolicyAction.Pull] } };

        Assert.True(PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Pull, "app"), rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "app"), rules).Allowed);
    }

    [Fact]
    public void Evaluate_SubjectRule_MatchesThatSubjectOnly()
    {
        var rules = new[] { Allow(1) with { SubjectUuid = SystemId, Actions = [PolicyAction.Push] } };

        Assert.True(PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Push, "ci/app"), rules).Allowed);
        var other = SystemAccount(PolicyAction.Push, "ci/app") with { Subject = "55555555-5555-5555-5555-555555555555" };
        Assert.False(PolicyEvaluator.Evaluate(other, rules).Allowed);
    }

    [Fact]
    public void Evaluate_ExactRepositoryRule_MatchesThatRepositoryOnly()
    {
        var rules = new[] { Allow(1) with { SubjectUuid = SystemId, Repositories = ["myapp"] } };

        Assert.True(PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Pull, "myapp"), rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Pull, "otherapp"), rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Pull, "myapp/sub"), rules).Allowed);
    }

    [Fact]
    public void Evaluate_GlobRule_MatchesOneSegmentOnly()
    {
        var rules = new[] { Allow(1) with { AccountTypes = ["system"], Repositories = ["production/*"] } };

        Assert.True(PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Pull, "production/myapp"), rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Pull, "production/team/myapp"), rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Pull, "staging/myapp"), rules).Allowed);
    }

    [Fact]
    public void Evaluate_DenyAndAllowMatch_DenyWinsRegardlessOfPriority()
    {
        var allow = Allow(1, priority: 1) with { Roles = [Roles.User] };
        var deny = Deny(2, priority: 100) with { Repositories = ["secret/*"], Actions = [PolicyAction.Pull] };

        var decision = PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "secret/db"), [allow, deny]);

        Assert.False(decision.Allowed);
        Assert.Same(deny, decision.Rule);
        Assert.True(PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "public/db"), [allow, deny]).Allowed);
    }

    [Fact]
    public void Evaluate_SeveralAllows_LowestPriorityNumberDecides()
    {
        var late = Allow(1, priority: 50) with { Roles = [Roles.User] };
        var early = Allow(2, priority: 5) with { Actions = [PolicyAction.Pull] };

        var decision = PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "app"), [late, early]);

        Assert.Same(early, decision.Rule);
    }

    [Fact]
    public void Evaluate_EqualPriorities_FirstInListDecides()
    {
        var first = Allow(7, priority: 5);
        var second = Allow(3, priority: 5);

        Assert.Same(first, PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "app"), [first, second]).Rule);
        Assert.Same(second, PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "app"), [second, first]).Rule);
    }

    [Fact]
    public void Evaluate_SeveralDenies_HighestPriorityDenyReported()
    {
        var low = Deny(1, priority: 90);
        var high = Deny(2, priority: 2);

        Assert.Same(high, PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "app"), [low, high]).Rule);
    }

    [Fact]
    public void Evaluate_GlobalOperation_MatchesOnlyRulesWithoutRepositories()
    {
        var scoped = Allow(1) with { AccountTypes = ["system"], Repositories = ["*"] };
        var global = Allow(2) with { AccountTypes = ["system"], Actions = [PolicyAction.Catalog] };

        Assert.False(PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Catalog), [scoped]).Allowed);
        Assert.Same(global, PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Catalog), [scoped, global]).Rule);
        Assert.Same(scoped, PolicyEvaluator.Evaluate(SystemAccount(PolicyAction.Pull, "app"), [scoped, global]).Rule);
    }

    [Fact]
    public void Evaluate_RepositoryScopedDeny_DoesNotAffectGlobalOperation()
    {
        var rules = BuiltInRules.All.Append(Deny(1) with { Roles = [Roles.Admin], Repositories = ["*"] }).ToArray();

        Assert.True(PolicyEvaluator.Evaluate(Admin(PolicyAction.Catalog), rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(Admin(PolicyAction.Pull, "app"), rules).Allowed);
    }

    [Fact]
    public void Evaluate_AllPopulatedFields_AreAnded()
    {
        var rule = Allow(1) with
        {
            Roles = [Roles.User],
            AccountTypes = ["human"],
            SubjectUuid = UserId,
            Actions = [PolicyAction.Push],
            Repositories = ["team/*"],
        };

        Assert.True(PolicyEvaluator.Evaluate(User(PolicyAction.Push, "team/app"), [rule]).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "team/app"), [rule]).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.Push, "other/app"), [rule]).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.Push, "team/app") with { Subject = GuestId }, [rule]).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.Push, "team/app") with { AccountType = AccountType.System }, [rule]).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.Push, "team/app") with { Roles = [Roles.Guest] }, [rule]).Allowed);
    }

    [Fact]
    public void Evaluate_DenyAllRule_AdminStillManagesPolicyButCannotPull()
    {
        var denyAll = Deny(1, priority: 1);
        var rules = BuiltInRules.All.Append(denyAll).ToArray();

        var manage = PolicyEvaluator.Evaluate(Admin(PolicyAction.PolicyManage), rules);
        Assert.True(manage.Allowed);
        Assert.Same(BuiltInRules.Admin, manage.Rule);

        var pull = PolicyEvaluator.Evaluate(Admin(PolicyAction.Pull, "app"), rules);
        Assert.False(pull.Allowed);
        Assert.Same(denyAll, pull.Rule);
    }

    [Fact]
    public void Evaluate_LockOutGuard_AppliesWithoutAnyRules()
    {
        Assert.True(PolicyEvaluator.Evaluate(Admin(PolicyAction.PolicyManage), []).Allowed);
    }

    [Fact]
    public void Evaluate_LockOutGuard_DoesNotHelpNonAdmins()
    {
        var rules = new[] { Deny(1, priority: 1) with { Roles = [Roles.User] } };

        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.PolicyManage), rules).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(User(PolicyAction.PolicyManage), BuiltInRules.All).Allowed);
    }

    [Fact]
    public void Evaluate_UnsortedInput_IsNotReordered()
    {
        var rules = new[] { Allow(1, priority: 9), Allow(2, priority: 1) };

        PolicyEvaluator.Evaluate(User(PolicyAction.Pull, "app"), rules);

        Assert.Equal([1L, 2L], rules.Select(r => r.Id));
    }
}
