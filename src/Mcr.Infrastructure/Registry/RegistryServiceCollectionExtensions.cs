using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mcr.Infrastructure.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the registry metadata stores as singletons (they hold no state but the database handle).
    /// Needs a <see cref="Database.SqliteDatabase"/> registration; adds <see cref="TimeProvider.System"/> unless
    /// a <see cref="TimeProvider"/> is already registered. Uses TryAdd so tests can replace any part.
    /// </summary>
    public static IServiceCollection AddMcrRegistryStores(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ManifestCache>();
        services.TryAddSingleton<IRepositoryStore, RepositoryStore>();
        services.TryAddSingleton<IBlobMetadataStore, BlobMetadataStore>();
        services.TryAddSingleton<IManifestStore, ManifestStore>();
        services.TryAddSingleton<IUploadStore, UploadStore>();
        services.TryAddSingleton<IRepositoryInfoStore, RepositoryInfoStore>();
        services.TryAddSingleton<IManifestInfoStore, ManifestInfoStore>();
        services.TryAddSingleton<IRegistryStatsStore, RegistryStatsStore>();
        return services;
    }
}
