using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Database;
using Mcr.Infrastructure.Identity;
using Mcr.Infrastructure.Identity.Embedded;
using Mcr.Infrastructure.Identity.Mcias;
using Mcr.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Identity;

public sealed class IdentityServiceCollectionExtensionsTests
{
    [Fact]
    public void AddMcrIdentity_NoServerUrl_EmbeddedBehindCache()
    {
        using var database = new TestDatabase();
        var services = new ServiceCollection();
        services.AddSingleton(database.Database);

        services.AddMcrIdentity(new McrOptions(), database.Directory);
        using var provider = services.BuildServiceProvider();

        var identity = Assert.IsType<CachingIdentityProvider>(provider.GetRequiredService<IIdentityProvider>());
        Assert.IsType<EmbeddedIdentityProvider>(identity.Inner);
        Assert.NotNull(provider.GetRequiredService<AccountService>());
        Assert.NotNull(provider.GetRequiredService<CredentialCache>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Same(database.Database, provider.GetRequiredService<SqliteDatabase>());
    }

    [Fact]
    public async Task AddMcrIdentity_ServerUrl_MciasBehindCacheAndNoAccountService()
    {
        var options = new McrOptions { Mcias = { ServerUrl = "https://mcias.example.test:8443" } };
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);

        services.AddMcrIdentity(options, "/nonexistent");
        await using var provider = services.BuildServiceProvider();

        var identity = Assert.IsType<CachingIdentityProvider>(provider.GetRequiredService<IIdentityProvider>());
        Assert.IsType<MciasIdentityProvider>(identity.Inner);
        Assert.Null(provider.GetService<AccountService>());
        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
    }
}
