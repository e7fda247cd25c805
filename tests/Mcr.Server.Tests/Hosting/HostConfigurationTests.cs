using Mcr.Server.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    [Fact]
    public async Task Server_SocketTransport_QueuesMoreThanOneDownloadWriteBeforeWaiting()
    {
        await using var server = await McrTestServer.StartAsync();

        var sockets = server.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.Equal(KestrelSetup.SocketWriteBufferBytes, sockets.MaxWriteBufferSize);
        Assert.True(sockets.MaxWriteBufferSize > 2 * 65_536, "room for a few 64 KiB writes and their TLS overhead");
    }
}
