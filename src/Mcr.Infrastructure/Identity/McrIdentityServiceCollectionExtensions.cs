using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Database;
using Mcr.Infrastructure.Identity.Embedded;
using Mcr.Infrastructure.Identity.Mcias;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Identity;

public static class McrIdentityServiceCollectionExtensions
{
    /// <summary>
    /// Registers the identity provider chosen by configuration — MCIAS when <c>mcias.server_url</c> is set,
    /// else the embedded provider — as <see cref="IIdentityProvider"/>, wrapped in
    /// <see cref="CachingIdentityProvider"/>; plus <see cref="CredentialCache"/>, <see cref="AccountService"/>
    /// (embedded only) and <see cref="TimeProvider.System"/>. All <c>TryAdd</c>, so tests can replace parts.
    /// The embedded provider needs <see cref="SqliteDatabase"/> initialized before it is first resolved.
    /// </summary>
    public static IServiceCollection AddMcrIdentity(this IServiceCollection services, McrOptions options, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new CredentialCache(sp.GetRequiredService<TimeProvider>()));

        if (IsMciasConfigured(options))
        {
            services.TryAddSingleton(sp => new MciasIdentityProvider(
                options.Mcias, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<MciasIdentityProvider>>()));
            services.TryAddSingleton<IIdentityProvider>(sp => new CachingIdentityProvider(
                sp.GetRequiredService<MciasIdentityProvider>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<CredentialCache>()));
        }
        else
        {
            ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
            services.TryAddSingleton(_ => new SqliteDatabase(options.Database.Path));
            services.TryAddSingleton(sp => new EmbeddedIdentityProvider(
                sp.GetRequiredService<SqliteDatabase>(), options.Identity, dataDirectory, sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton(sp => new AccountService(
                sp.GetRequiredService<SqliteDatabase>(), options.Identity, dataDirectory, sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<IIdentityProvider>(sp => new CachingIdentityProvider(
                sp.GetRequiredService<EmbeddedIdentityProvider>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<CredentialCache>()));
        }
        return services;
    }

    /// <summary>True when identity is delegated to MCIAS (<c>mcias.server_url</c> set).</summary>
    public static bool IsMciasConfigured(McrOptions options) => !string.IsNullOrWhiteSpace(options.Mcias.ServerUrl);
}
