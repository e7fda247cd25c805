using Mcr.Core.Identity;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Audit;

namespace Mcr.Infrastructure.Tests.Admin;

public sealed class PolicyAdminServiceTests : IAsyncLifetime
{
    private static readonly PolicyInput _userPull = new("user-id", AccountType.Human, [Roles.User], PolicyAction.Pull, "prod/app");

    private AdminTestContext _context = null!;

    public async Task InitializeAsync() => _context = await AdminTestContext.StartAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task CreateUpdateDelete_ReloadEngineEachTime_AndAudit()
    {
        Assert.True(_context.Engine.Evaluate(_userPull).Allowed);

        var created = await _context.PolicyService.CreateAsync(AdminTestContext.Admin,
            new PolicyRuleInput { Priority = 3, Effect = "deny", Actions = [PolicyAction.Pull], Repositories = ["prod/*"] });
        Assert.True(created.IsOk);
        Assert.False(_context.Engine.Evaluate(_userPull).Allowed);
        Assert.Equal("admin-id", created.Value.CreatedBy);
        var id = created.Value.Rule.Id;

        var updated = await _context.PolicyService.UpdateAsync(AdminTestContext.Admin, id, new PolicyRuleInput { Enabled = false });
        Assert.True(updated.IsOk);
        Assert.False(updated.Value.Enabled);
        Assert.True(_context.Engine.Evaluate(_userPull).Allowed);

        updated = await _context.PolicyService.UpdateAsync(AdminTestContext.Admin, id, new PolicyRuleInput { Enabled = true, Effect = "allow" });
        Assert.True(updated.IsOk);
        Assert.Equal(PolicyEffect.Allow, updated.Value.Rule.Effect);

        var deleted = await _context.PolicyService.DeleteAsync(AdminTestContext.Admin, id);
        Assert.True(deleted.IsOk);
        Assert.Equal(id, deleted.Value.Rule.Id);
        Assert.Equal(AdminStatus.NotFound, (await _context.PolicyService.GetAsync(id)).Status);

        Assert.Single(await _context.EventsAsync(AuditEventTypes.PolicyRuleCreated));
        Assert.Equal(2, (await _context.EventsAsync(AuditEventTypes.PolicyRuleUpdated)).Count);
        var audit = Assert.Single(await _context.EventsAsync(AuditEventTypes.PolicyRuleDeleted));
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.Details!["rule_id"]);
        Assert.Equal("admin-id", audit.ActorId);
    }

    [Fact]
    public async Task Create_Disabled_StoredButNotEvaluated()
    {
        var created = await _context.PolicyService.CreateAsync(AdminTestContext.Admin,
            new PolicyRuleInput { Priority = 3, Effect = "deny", Enabled = false });
        Assert.True(created.IsOk);
        Assert.False(created.Value.Enabled);
        Assert.True(_context.Engine.Evaluate(_userPull).Allowed);
    }

    [Fact]
    public async Task Create_Invalid_NothingStoredNoAudit()
    {
        var result = await _context.PolicyService.CreateAsync(AdminTestContext.Admin,
            new PolicyRuleInput { Effect = "nope", Actions = ["registry:pull", null], AccountTypes = ["alien"] });

        Assert.Equal(AdminStatus.Invalid, result.Status);
        Assert.Contains("priority is required", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("effect must be", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("actions must not contain null", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown account type", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("at least 1", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _context.PolicyService.ListAsync(10, 0)).Value!.Total);
        Assert.Empty(await _context.EventsAsync(AuditEventTypes.PolicyRuleCreated));
    }

    [Fact]
    public async Task DenyPolicyManageToAdmins_AcceptedButNoLockOut()
    {
        var created = await _context.PolicyService.CreateAsync(AdminTestContext.Admin,
            new PolicyRuleInput { Priority = 1, Effect = "deny", Roles = [Roles.Admin], Actions = [PolicyAction.PolicyManage] });
        Assert.True(created.IsOk);

        var admin = AdminTestContext.Admin.Principal;
        Assert.True(_context.Engine.Evaluate(PolicyInput.For(admin, PolicyAction.PolicyManage)).Allowed);
    }

    [Theory]
    [InlineData(-1, AdminStatus.Invalid)]
    [InlineData(0, AdminStatus.NotFound)]
    [InlineData(424242, AdminStatus.NotFound)]
    public async Task UpdateDelete_BuiltInOrUnknown(long id, AdminStatus expected)
    {
        Assert.Equal(expected, (await _context.PolicyService.UpdateAsync(AdminTestContext.Admin, id, new PolicyRuleInput { Priority = 4 })).Status);
        Assert.Equal(expected, (await _context.PolicyService.DeleteAsync(AdminTestContext.Admin, id)).Status);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1001, 0)]
    [InlineData(1, -1)]
    public async Task List_BadPaging_Invalid(int n, int offset)
    {
        Assert.Equal(AdminStatus.Invalid, (await _context.PolicyService.ListAsync(n, offset)).Status);
    }
}
