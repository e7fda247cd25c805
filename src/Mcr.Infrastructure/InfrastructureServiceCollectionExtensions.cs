using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Database;
using Mcr.Infrastructure.Gc;
using Mcr.Infrastructure.Identity;
using Mcr.Infrastructure.Identity.Embedded;
using Mcr.Infrastructure.Observability;
using Mcr.Infrastructure.Policy;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything below the HTTP layer from validated options: the database (migrated on
    /// first resolution), the blob store, the registry metadata stores, identity, the policy engine
    /// (loaded at start-up), the audit queue (drained at shutdown), garbage collection and the admin services.
    /// </summary>
    public static IServiceCollection AddMcrInfrastructure(this IServiceCollection services, McrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<RegistryMetrics>();
        services.TryAddSingleton(_ =>
        {
            var database = new SqliteDatabase(options.Database.Path);
            database.Initialize();
            return database;
        });
        services.TryAddSingleton<IBlobStore>(sp => new FileSystemBlobStore(
            options.Storage.LayersPath, options.Storage.UploadsPath,
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<FileSystemBlobStore>>(), sp.GetService<RegistryMetrics>()));
        services.AddMcrRegistryStores();
        services.AddMcrIdentity(options, DataDirectoryOf(options));

        services.TryAddSingleton<PolicyRuleStore>();
        services.TryAddSingleton<IPolicyEngine, PolicyEngine>();
        services.TryAddSingleton<PolicyEnforcer>();
        services.AddHostedService<PolicyEngineStartup>();

        services.TryAddSingleton<AuditStore>();
        services.TryAddSingleton<AuditQueue>();
        services.TryAddSingleton<IAuditSink>(sp => sp.GetRequiredService<AuditQueue>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditQueue>());

        services.AddMcrGc(options.Gc);

        services.TryAddSingleton<TagDeleter>();

        // the admin operations shared by REST and gRPC (SPEC §10, §11)
        services.TryAddSingleton<RepositoryVisibility>();
        services.TryAddSingleton<RepositoryAdminService>();
        services.TryAddSingleton<TagAdminService>();
        services.TryAddSingleton<ImageConfigReader>();
        services.TryAddSingleton<ManifestAdminService>();
        services.TryAddSingleton<StatsAdminService>();
        // AccountService exists with the embedded provider only; without it every account call says MCIAS owns them
        services.TryAddSingleton(sp => new AccountAdminService(
            sp.GetService<AccountService>(),
            sp.GetRequiredService<IIdentityProvider>(),
            sp.GetRequiredService<IAuditSink>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AccountAdminService>>()));
        services.TryAddSingleton<PolicyAdminService>();
        services.TryAddSingleton<AuditAdminService>();
        services.TryAddSingleton(sp => new SnapshotService(
            sp.GetRequiredService<SqliteDatabase>(),
            SnapshotDirectoryOf(options),
            sp.GetRequiredService<IAuditSink>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SnapshotService>>(),
            sp.GetService<AuditQueue>()));
        return services;
    }

    /// <summary>
    /// Garbage collection: the lock upload commits share, the engine (collect and reconcile), the run history
    /// and the <see cref="GcCoordinator"/> application service. Needs the database, blob store, upload store,
    /// audit sink and <see cref="TimeProvider"/> registrations above.
    /// </summary>
    private static IServiceCollection AddMcrGc(this IServiceCollection services, GcOptions options)
    {
        services.TryAddSingleton<GcLock>();
        services.TryAddSingleton(sp => new GarbageCollector(
            sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<GcLock>(),
            options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ManifestCache>(), sp.GetService<ILogger<GarbageCollector>>()));
        services.TryAddSingleton(sp => new GcReconciler(
            sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<IUploadStore>(),
            sp.GetRequiredService<GcLock>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<GcReconciler>>()));
        services.TryAddSingleton<GcRunStore>();
        services.TryAddSingleton(sp => new GcCoordinator(
            sp.GetRequiredService<GarbageCollector>(), sp.GetRequiredService<GcReconciler>(), sp.GetRequiredService<GcRunStore>(),
            sp.GetRequiredService<IAuditSink>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<GcCoordinator>>(),
            sp.GetService<RegistryMetrics>()));
        return services;
    }

    /// <summary>Where <c>POST /v1/snapshot</c> and <c>mcrsrv snapshot</c> write snapshots: <c>&lt;data&gt;/snapshots</c>.</summary>
    public static string SnapshotDirectoryOf(McrOptions options) => Path.Combine(DataDirectoryOf(options), "snapshots");

    /// <summary>The registry's data directory: where the database lives (and the token signing key).</summary>
    public static string DataDirectoryOf(McrOptions options) =>
        Path.GetDirectoryName(Path.GetFullPath(options.Database.Path))!;
}
