using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Hosting;

public sealed class HostConfigurationTests
{
    [Fact]
    public async Task Server_LoadsNoFrameworkConfigurationFiles_SoNothingWatchesTheWorkingDirectory()
    {
        await using var server = await McrTestServer.StartAsync();

        // MCR is configured by its TOML file alone; a watched appsettings.json would also see every
        // SQLite write under the working directory.
        var configuration = (IConfigurationRoot)server.Services.GetRequiredService<IConfiguration>();
        Assert.DoesNotContain(configuration.Providers, provider => provider is FileConfigurationProvider);
    }
}
