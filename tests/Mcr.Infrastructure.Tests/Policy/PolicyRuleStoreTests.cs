using Dapper;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Policy;
using Mcr.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Policy;

public sealed class PolicyRuleStoreTests : IDisposable
{
    private static readonly DateTimeOffset _start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _db = new();
    private readonly FakeTimeProvider _time = new(_start);
    private readonly PolicyRuleStore _store;

    public PolicyRuleStoreTests() => _store = new PolicyRuleStore(_db.Database, _time);

    public void Dispose() => _db.Dispose();

    private static PolicyRule Rule(int priority = 10, PolicyEffect effect = PolicyEffect.Allow) =>
        new() { Priority = priority, Effect = effect, Description = $"rule at {priority}" };

    private async Task<StoredPolicyRule> CreateAsync(PolicyRule rule, bool enabled = true)
    {
        var result = await _store.CreateAsync(rule, enabled, "admin-uuid");
        Assert.Equal(PolicyRuleWriteStatus.Ok, result.Status);
        return result.Rule!;
    }

    /// <summary>Records compare lists by reference, so compare the fields one by one.</summary>
    private static void AssertSameStored(StoredPolicyRule expected, StoredPolicyRule actual)
    {
        Assert.Equal(expected with { Rule = actual.Rule }, actual);
        Assert.Equal(expected.Rule.Id, actual.Rule.Id);
        Assert.Equal(expected.Rule.Priority, actual.Rule.Priority);
        Assert.Equal(expected.Rule.Description, actual.Rule.Description);
        Assert.Equal(expected.Rule.Effect, actual.Rule.Effect);
        Assert.Equal(expected.Rule.Roles, actual.Rule.Roles);
        Assert.Equal(expected.Rule.AccountTypes, actual.Rule.AccountTypes);
        Assert.Equal(expected.Rule.SubjectUuid, actual.Rule.SubjectUuid);
        Assert.Equal(expected.Rule.Actions, actual.Rule.Actions);
        Assert.Equal(expected.Rule.Repositories, actual.Rule.Repositories);
    }

    [Fact]
    public async Task CreateAsync_AllFields_RoundTripThroughGet()
    {
        var rule = new PolicyRule
        {
            Id = 999, // ignored: the store assigns ids
            Priority = 7,
            Description = "CI pushes to ci/*",
            Effect = PolicyEffect.Deny,
            Roles = ["ci", "robots"],
            AccountTypes = ["system"],
            SubjectUuid = "44444444-4444-4444-4444-444444444444",
            Actions = [PolicyAction.Push, PolicyAction.Delete],
            Repositories = ["ci/*", "tools/app-?"],
        };

        var created = await CreateAsync(rule, enabled: false);
        var fetched = await _store.GetAsync(created.Rule.Id);

        Assert.NotNull(fetched);
        Assert.True(fetched.Rule.Id > 0);
        Assert.Equal(7, fetched.Rule.Priority);
        Assert.Equal("CI pushes to ci/*", fetched.Rule.Description);
        Assert.Equal(PolicyEffect.Deny, fetched.Rule.Effect);
        Assert.Equal(rule.Roles, fetched.Rule.Roles);
        Assert.Equal(rule.AccountTypes, fetched.Rule.AccountTypes);
        Assert.Equal(rule.SubjectUuid, fetched.Rule.SubjectUuid);
        Assert.Equal(rule.Actions, fetched.Rule.Actions);
        Assert.Equal(rule.Repositories, fetched.Rule.Repositories);
        Assert.False(fetched.Enabled);
        Assert.Equal("admin-uuid", fetched.CreatedBy);
        Assert.Equal(_start, fetched.CreatedAt);
        Assert.Equal(_start, fetched.UpdatedAt);
        AssertSameStored(created, fetched);
    }

    [Fact]
    public async Task CreateAsync_RuleJsonColumn_IsSnakeCaseWithoutColumnFields()
    {
        var created = await CreateAsync(Rule() with { AccountTypes = ["human"], SubjectUuid = "abc" });

        await using var connection = await _db.Database.OpenAsync();
        var json = await connection.ExecuteScalarAsync<string>("SELECT rule_json FROM policy_rules WHERE id = @Id", new { created.Rule.Id });

        Assert.Equal(
            """{"effect":"allow","roles":[],"account_types":["human"],"subject_uuid":"abc","actions":[],"repositories":[]}""",
            json);
    }

    [Fact]
    public async Task CreateAsync_InvalidRule_RejectedAndNothingStored()
    {
        var result = await _store.CreateAsync(Rule(priority: 0) with { Actions = ["registry:nope"] });

        Assert.Equal(PolicyRuleWriteStatus.Invalid, result.Status);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(0, (await _store.ListAsync()).Total);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull() => Assert.Null(await _store.GetAsync(12345));

    [Fact]
    public async Task ListAsync_OrdersByPriorityThenIdAndPages()
    {
        var c = await CreateAsync(Rule(priority: 30));
        var a = await CreateAsync(Rule(priority: 10));
        var b1 = await CreateAsync(Rule(priority: 20));
        var b2 = await CreateAsync(Rule(priority: 20), enabled: false);

        var first = await _store.ListAsync(n: 3, offset: 0);
        var second = await _store.ListAsync(n: 3, offset: 3);

        Assert.Equal(4, first.Total);
        Assert.Equal([a.Rule.Id, b1.Rule.Id, b2.Rule.Id], first.Items.Select(r => r.Rule.Id));
        Assert.Equal([c.Rule.Id], second.Items.Select(r => r.Rule.Id));
        Assert.Empty((await _store.ListAsync(n: 3, offset: 10)).Items);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1001, 0)]
    [InlineData(10, -1)]
    public async Task ListAsync_BadPaging_Throws(int n, int offset) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListAsync(n, offset));

    [Fact]
    public async Task ListEnabledAsync_SkipsDisabledInPriorityOrder()
    {
        var late = await CreateAsync(Rule(priority: 50));
        await CreateAsync(Rule(priority: 1), enabled: false);
        var early = await CreateAsync(Rule(priority: 5, effect: PolicyEffect.Deny));

        var enabled = await _store.ListEnabledAsync();

        Assert.Equal([early.Rule.Id, late.Rule.Id], enabled.Select(r => r.Id));
        Assert.Equal(PolicyEffect.Deny, enabled[0].Effect);
    }

    [Fact]
    public async Task ListEnabledAsync_EmptyTable_ReturnsEmpty() => Assert.Empty(await _store.ListEnabledAsync());

    [Fact]
    public async Task UpdateAsync_PartialChange_KeepsOtherFields()
    {
        var created = await CreateAsync(Rule(priority: 10) with { Roles = ["ci"], SubjectUuid = "abc", Repositories = ["a/*"] });
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await _store.UpdateAsync(created.Rule.Id, new PolicyRuleUpdate { Priority = 3, Enabled = false });

        Assert.Equal(PolicyRuleWriteStatus.Ok, result.Status);
        var updated = (await _store.GetAsync(created.Rule.Id))!;
        Assert.Equal(3, updated.Rule.Priority);
        Assert.False(updated.Enabled);
        Assert.Equal(created.Rule.Description, updated.Rule.Description);
        Assert.Equal(["ci"], updated.Rule.Roles);
        Assert.Equal("abc", updated.Rule.SubjectUuid);
        Assert.Equal(["a/*"], updated.Rule.Repositories);
        Assert.Equal(_start, updated.CreatedAt);
        Assert.Equal(_start.AddMinutes(5), updated.UpdatedAt);
        AssertSameStored(updated, result.Rule!);
    }

    [Fact]
    public async Task UpdateAsync_MatchFieldsAndEffect_Replaced()
    {
        var created = await CreateAsync(Rule() with { Roles = ["ci"], SubjectUuid = "abc", Actions = [PolicyAction.Pull] });

        await _store.UpdateAsync(created.Rule.Id, new PolicyRuleUpdate
        {
            Effect = PolicyEffect.Deny,
            Description = "changed",
            Roles = [],
            AccountTypes = ["system"],
            SubjectUuid = "",
            Actions = [PolicyAction.Push],
            Repositories = ["prod/*"],
        });

        var rule = (await _store.GetAsync(created.Rule.Id))!.Rule;
        Assert.Equal(PolicyEffect.Deny, rule.Effect);
        Assert.Equal("changed", rule.Description);
        Assert.Empty(rule.Roles);
        Assert.Equal(["system"], rule.AccountTypes);
        Assert.Null(rule.SubjectUuid);
        Assert.Equal([PolicyAction.Push], rule.Actions);
        Assert.Equal(["prod/*"], rule.Repositories);
    }

    [Fact]
    public async Task UpdateAsync_ResultInvalid_RejectedAndUnchanged()
    {
        var created = await CreateAsync(Rule(priority: 10));

        var result = await _store.UpdateAsync(created.Rule.Id, new PolicyRuleUpdate { Priority = 0, Repositories = ["Bad//glob"] });

        Assert.Equal(PolicyRuleWriteStatus.Invalid, result.Status);
        Assert.Equal(2, result.Errors.Count);
        AssertSameStored(created, (await _store.GetAsync(created.Rule.Id))!);
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_NotFound()
    {
        var result = await _store.UpdateAsync(404, new PolicyRuleUpdate { Priority = 2 });
        Assert.Equal(PolicyRuleWriteStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task DeleteAsync_ExistingThenAgain_TrueThenFalse()
    {
        var created = await CreateAsync(Rule());

        Assert.True(await _store.DeleteAsync(created.Rule.Id));
        Assert.Null(await _store.GetAsync(created.Rule.Id));
        Assert.False(await _store.DeleteAsync(created.Rule.Id));
    }

    [Fact]
    public async Task ListEnabledAsync_CorruptRuleJson_ThrowsRatherThanSkipping()
    {
        var created = await CreateAsync(Rule());
        await using (var connection = await _db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE policy_rules SET rule_json = '{\"effect\":\"maybe\"}' WHERE id = @Id", new { created.Rule.Id });
        }

        await Assert.ThrowsAsync<InvalidDataException>(() => _store.ListEnabledAsync());
    }
}
