using Dapper;
using Mcr.Core.Identity;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Policy;
using Mcr.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Policy;

public sealed class PolicyEngineTests : IDisposable
{
    private const string CiId = "44444444-4444-4444-4444-444444444444";

    private readonly TestDatabase _db = new();
    private readonly PolicyRuleStore _store;
    private readonly PolicyEngine _engine;

    public PolicyEngineTests()
    {
        _store = new PolicyRuleStore(_db.Database, new FakeTimeProvider());
        _engine = new PolicyEngine(_store, NullLogger<PolicyEngine>.Instance);
    }

    public void Dispose() => _db.Dispose();

    private static PolicyInput Ci(string action, string repository = "") =>
        new(CiId, AccountType.System, [], action, repository);

    private static PolicyInput User(string action, string repository = "") =>
        new("22222222-2222-2222-2222-222222222222", AccountType.Human, [Roles.User], action, repository);

    private static PolicyInput Admin(string action, string repository = "") =>
        new("11111111-1111-1111-1111-111111111111", AccountType.Human, [Roles.Admin], action, repository);

    private async Task<long> CreateAsync(PolicyRule rule, bool enabled = true)
    {
        var result = await _store.CreateAsync(rule, enabled);
        Assert.Equal(PolicyRuleWriteStatus.Ok, result.Status);
        return result.Rule!.Rule.Id;
    }

    [Fact]
    public void Evaluate_BeforeLoad_DeniesEvenBuiltInAllows()
    {
        Assert.False(_engine.IsLoaded);
        Assert.False(_engine.Evaluate(User(PolicyAction.Pull, "app")).Allowed);
        Assert.False(_engine.Evaluate(User(PolicyAction.VersionCheck)).Allowed);
        // the lock-out guard holds even then
        Assert.True(_engine.Evaluate(Admin(PolicyAction.PolicyManage)).Allowed);
    }

    [Fact]
    public async Task ReloadAsync_EmptyStore_BuiltInsOnly()
    {
        await _engine.ReloadAsync();

        Assert.True(_engine.IsLoaded);
        Assert.Equal(BuiltInRules.All, _engine.Rules);
        Assert.True(_engine.Evaluate(Admin(PolicyAction.Delete, "app")).Allowed);
        Assert.True(_engine.Evaluate(User(PolicyAction.Push, "app")).Allowed);
        Assert.False(_engine.Evaluate(Ci(PolicyAction.Pull, "app")).Allowed);
    }

    [Fact]
    public async Task ReloadAsync_CustomRule_MatchingSubjectAllowedOthersNot()
    {
        var id = await CreateAsync(new PolicyRule
        {
            Priority = 10,
            Effect = PolicyEffect.Allow,
            SubjectUuid = CiId,
            Actions = [PolicyAction.Pull, PolicyAction.Push],
            Repositories = ["ci/*"],
        });
        await _engine.ReloadAsync();

        var decision = _engine.Evaluate(Ci(PolicyAction.Push, "ci/app"));
        Assert.True(decision.Allowed);
        Assert.Equal(id, decision.Rule!.Id);
        Assert.False(_engine.Evaluate(Ci(PolicyAction.Push, "prod/app")).Allowed);
        Assert.False(_engine.Evaluate(Ci(PolicyAction.Push, "ci/app") with { Subject = "someone-else" }).Allowed);
    }

    [Fact]
    public async Task ReloadAsync_NewRule_PickedUpOnlyAfterReload()
    {
        await _engine.ReloadAsync();
        await CreateAsync(new PolicyRule { Priority = 1, Effect = PolicyEffect.Allow, AccountTypes = ["system"] });

        Assert.False(_engine.Evaluate(Ci(PolicyAction.Pull, "app")).Allowed);
        await _engine.ReloadAsync();
        Assert.True(_engine.Evaluate(Ci(PolicyAction.Pull, "app")).Allowed);
    }

    [Fact]
    public async Task ReloadAsync_DisabledRule_Excluded()
    {
        var id = await CreateAsync(new PolicyRule { Priority = 1, Effect = PolicyEffect.Deny, Roles = [Roles.User] });
        await _engine.ReloadAsync();
        Assert.False(_engine.Evaluate(User(PolicyAction.Pull, "app")).Allowed);

        await _store.UpdateAsync(id, new PolicyRuleUpdate { Enabled = false });
        await _engine.ReloadAsync();

        Assert.True(_engine.Evaluate(User(PolicyAction.Pull, "app")).Allowed);
        Assert.DoesNotContain(_engine.Rules, r => r.Id == id);
    }

    [Fact]
    public async Task ReloadAsync_DeletedRule_Gone()
    {
        var id = await CreateAsync(new PolicyRule { Priority = 1, Effect = PolicyEffect.Allow, AccountTypes = ["system"] });
        await _engine.ReloadAsync();
        Assert.True(_engine.Evaluate(Ci(PolicyAction.Pull, "app")).Allowed);

        Assert.True(await _store.DeleteAsync(id));
        await _engine.ReloadAsync();

        Assert.False(_engine.Evaluate(Ci(PolicyAction.Pull, "app")).Allowed);
    }

    [Fact]
    public async Task ReloadAsync_StoredRules_FollowBuiltInsInPriorityOrder()
    {
        var second = await CreateAsync(new PolicyRule { Priority = 20, Effect = PolicyEffect.Allow });
        var first = await CreateAsync(new PolicyRule { Priority = 2, Effect = PolicyEffect.Allow });

        await _engine.ReloadAsync();

        Assert.Equal([-1L, -2L, -3L, first, second], _engine.Rules.Select(r => r.Id));
    }

    [Fact]
    public async Task Evaluate_StoredDenyAll_AdminKeepsPolicyManageOnly()
    {
        await CreateAsync(new PolicyRule { Priority = 1, Effect = PolicyEffect.Deny, Description = "deny everything" });
        await _engine.ReloadAsync();

        Assert.True(_engine.Evaluate(Admin(PolicyAction.PolicyManage)).Allowed);
        Assert.False(_engine.Evaluate(Admin(PolicyAction.Pull, "app")).Allowed);
        Assert.False(_engine.Evaluate(User(PolicyAction.PolicyManage)).Allowed);
    }

    [Fact]
    public async Task ReloadAsync_CorruptRow_KeepsPreviousSnapshot()
    {
        var id = await CreateAsync(new PolicyRule { Priority = 1, Effect = PolicyEffect.Allow, AccountTypes = ["system"] });
        await _engine.ReloadAsync();
        await using (var connection = await _db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE policy_rules SET rule_json = 'not json' WHERE id = @Id", new { Id = id });
        }

        await Assert.ThrowsAsync<InvalidDataException>(() => _engine.ReloadAsync());

        Assert.True(_engine.Evaluate(Ci(PolicyAction.Pull, "app")).Allowed);
    }

    [Fact]
    public async Task ReloadAsync_ConcurrentReloads_EndWithLatestRules()
    {
        await CreateAsync(new PolicyRule { Priority = 1, Effect = PolicyEffect.Allow, AccountTypes = ["system"] });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _engine.ReloadAsync())));

        Assert.True(_engine.Evaluate(Ci(PolicyAction.Pull, "app")).Allowed);
        Assert.Equal(4, _engine.Rules.Count);
    }

    [Fact]
    public async Task StartAsync_HostedStartup_LoadsRules()
    {
        await new PolicyEngineStartup(_engine).StartAsync(CancellationToken.None);
        Assert.True(_engine.IsLoaded);
    }
}
