using Mcr.Core.Identity;
using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Policy;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Mcr.Infrastructure.Tests.Registry;
using Mcr.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcr.Infrastructure.Tests.Admin;

/// <summary>
/// The admin services over real parts: the registry test database and stores, a real policy engine and rule
/// store, the real audit queue (running; flush before reading) and a real filesystem blob store.
/// </summary>
public sealed class AdminTestContext : IAsyncDisposable
{
    private readonly TempDirectory _storage = new("mcr-admin-storage");

    private AdminTestContext()
    {
        Rules = new PolicyRuleStore(Registry.Db.Database, Registry.Time);
        Engine = new PolicyEngine(Rules, NullLogger<PolicyEngine>.Instance);
        AuditStore = new AuditStore(Registry.Db.Database);
        Audit = new AuditQueue(AuditStore, NullLogger<AuditQueue>.Instance);
        BlobStore = new FileSystemBlobStore(_storage.Combine("layers"), _storage.Combine("uploads"), Registry.Time);
        RepositoryService = new RepositoryAdminService(
            new RepositoryInfoStore(Registry.Db.Database), Registry.Repositories, new RepositoryVisibility(Registry.Repositories, Engine), BlobStore,
            new PolicyEnforcer(Engine, Audit, Registry.Time, NullLogger<PolicyEnforcer>.Instance), Audit, Registry.Time,
            NullLogger<RepositoryAdminService>.Instance);
        PolicyService = new PolicyAdminService(Rules, Engine, Audit, Registry.Time, NullLogger<PolicyAdminService>.Instance);
        Snapshots = new SnapshotService(Registry.Db.Database, _storage.Combine("snapshots"), Audit, Registry.Time,
            NullLogger<SnapshotService>.Instance, Audit);
    }

    public RegistryTestContext Registry { get; } = new();

    public PolicyRuleStore Rules { get; }

    public PolicyEngine Engine { get; }

    public AuditStore AuditStore { get; }

    public AuditQueue Audit { get; }

    public FileSystemBlobStore BlobStore { get; }

    public RepositoryAdminService RepositoryService { get; }

    public PolicyAdminService PolicyService { get; }

    public SnapshotService Snapshots { get; }

    public static AdminCaller Admin { get; } = Caller("admin-id", Roles.Admin);

    public static AdminCaller User { get; } = Caller("user-id", Roles.User);

    public static AdminCaller Caller(string subject, string role, AccountType type = AccountType.Human) =>
        new(new Principal(subject, subject, type, [role], DateTimeOffset.MaxValue), "192.0.2.1");

    public static async Task<AdminTestContext> StartAsync()
    {
        var context = new AdminTestContext();
        await context.Engine.ReloadAsync();
        await context.Audit.StartAsync(CancellationToken.None);
        return context;
    }

    /// <summary>The audit events of this type, once everything recorded is written.</summary>
    public async Task<IReadOnlyList<AuditEvent>> EventsAsync(string eventType)
    {
        await Audit.FlushAsync();
        var page = await AuditStore.ListAsync(new AuditQuery { EventType = eventType, N = 1000 });
        return [.. page.Items.Select(e => e.Event)];
    }

    public async ValueTask DisposeAsync()
    {
        await Audit.StopAsync(CancellationToken.None);
        Registry.Dispose();
        _storage.Dispose();
    }
}
