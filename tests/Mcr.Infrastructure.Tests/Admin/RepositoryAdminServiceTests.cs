using Mcr.Core.Identity;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Audit;

namespace Mcr.Infrastructure.Tests.Admin;

public sealed class RepositoryAdminServiceTests : IAsyncLifetime
{
    private AdminTestContext _context = null!;

    public async Task InitializeAsync() => _context = await AdminTestContext.StartAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task List_HidesRepositoriesTheCallerMayNotPull()
    {
        foreach (var name in new[] { "open/a", "open/b", "secret/x", "open/c" })
        {
            await _context.Registry.Repositories.GetOrCreateAsync(name);
        }
        await CreateRuleAsync(new PolicyRuleInput { Priority = 1, Effect = "deny", Roles = [Roles.User], Actions = [PolicyAction.Pull], Repositories = ["secret/*"] });

        var user = await _context.RepositoryService.ListAsync(AdminTestContext.User, 2, 1);
        var admin = await _context.RepositoryService.ListAsync(AdminTestContext.Admin, 10, 0);

        Assert.True(user.IsOk);
        Assert.Equal(["open/b", "open/c"], user.Value.Items.Select(s => s.Name));
        Assert.Equal(3, user.Value.Total);
        Assert.True(admin.IsOk);
        Assert.Equal(4, admin.Value.Total);
        Assert.Equal(["open/a", "open/b", "open/c", "secret/x"], admin.Value.Items.Select(s => s.Name));
    }

    [Fact]
    public async Task List_OffsetPastEnd_EmptyPageWithTotal()
    {
        await _context.Registry.Repositories.GetOrCreateAsync("only/one");
        var result = await _context.RepositoryService.ListAsync(AdminTestContext.Admin, 10, 5);
        Assert.True(result.IsOk);
        Assert.Empty(result.Value.Items);
        Assert.Equal(1, result.Value.Total);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1001, 0)]
    [InlineData(10, -1)]
    public async Task List_BadPaging_Invalid(int n, int offset)
    {
        var result = await _context.RepositoryService.ListAsync(AdminTestContext.Admin, n, offset);
        Assert.Equal(AdminStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task List_WithoutCatalog_ForbiddenAndAudited()
    {
        var robot = AdminTestContext.Caller("robot-id", Roles.User, AccountType.System);
        var result = await _context.RepositoryService.ListAsync(robot, 10, 0);
        Assert.Equal(AdminStatus.Forbidden, result.Status);
        var deny = Assert.Single(await _context.EventsAsync(AuditEventTypes.PolicyDeny));
        Assert.Equal("robot-id", deny.ActorId);
        Assert.Equal(PolicyAction.Catalog, deny.Details!["action"]);
    }

    [Fact]
    public async Task Delete_RemovesRowsAndUploadFiles_AuditsOnce()
    {
        await _context.Registry.PushImageAsync("team/app", "seed", "v1");
        var uploadId = Guid.NewGuid();
        await _context.Registry.Uploads.CreateAsync("team/app", uploadId);
        await using (var upload = await _context.BlobStore.CreateUploadAsync(uploadId))
        {
            await upload.AppendAsync(new MemoryStream([1, 2, 3]));
        }
        var blobs = await _context.Registry.CountAsync("blobs");

        var result = await _context.RepositoryService.DeleteAsync(AdminTestContext.Admin, "team/app");

        Assert.True(result.IsOk);
        Assert.Equal(1, result.Value.ManifestsRemoved);
        Assert.Null(await _context.Registry.Repositories.GetIdAsync("team/app"));
        Assert.Null(await _context.BlobStore.OpenUploadAsync(uploadId));
        Assert.Equal(blobs, await _context.Registry.CountAsync("blobs"));
        var deleted = Assert.Single(await _context.EventsAsync(AuditEventTypes.RepoDeleted));
        Assert.Equal("team/app", deleted.Repository);
        Assert.Equal("admin-id", deleted.ActorId);
        Assert.Equal("192.0.2.1", deleted.ClientIp);

        Assert.Equal(AdminStatus.NotFound, (await _context.RepositoryService.DeleteAsync(AdminTestContext.Admin, "team/app")).Status);
    }

    [Fact]
    public async Task Delete_StoredDenyRule_AppliesToAdminsToo()
    {
        await _context.Registry.Repositories.GetOrCreateAsync("production/app");
        await CreateRuleAsync(new PolicyRuleInput { Priority = 1, Effect = "deny", Actions = [PolicyAction.Delete], Repositories = ["production/*"] });

        var result = await _context.RepositoryService.DeleteAsync(AdminTestContext.Admin, "production/app");

        Assert.Equal(AdminStatus.Forbidden, result.Status);
        Assert.NotNull(await _context.Registry.Repositories.GetIdAsync("production/app"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER")]
    [InlineData("../etc")]
    public async Task GetAndDelete_InvalidName_Invalid(string name)
    {
        Assert.Equal(AdminStatus.Invalid, (await _context.RepositoryService.GetAsync(AdminTestContext.Admin, name)).Status);
        Assert.Equal(AdminStatus.Invalid, (await _context.RepositoryService.DeleteAsync(AdminTestContext.Admin, name)).Status);
    }

    [Fact]
    public async Task Get_Unknown_NotFound()
    {
        var result = await _context.RepositoryService.GetAsync(AdminTestContext.User, "no/such");
        Assert.Equal(AdminStatus.NotFound, result.Status);
    }

    private async Task CreateRuleAsync(PolicyRuleInput input)
    {
        var created = await _context.PolicyService.CreateAsync(AdminTestContext.Admin, input);
        Assert.True(created.IsOk, created.Error?.Message);
    }
}
