using Mcr.Server.Auth;
using Mcr.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mcr.Server.Tests.Hosting;

public sealed class HostConfigurationTests(ITestOutputHelper output)
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

    [Fact]
    public async Task Server_HostingDiagnosticsLoggerIsOff_SoRequestsGetNoActivityOrScope()
    {
        await using var server = await McrTestServer.StartAsync(output); // a provider, so filters decide

        // The host creates an Activity and a logging scope per request while this category is enabled at all.
        var logger = server.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
        Assert.False(logger.IsEnabled(LogLevel.Critical));
        Assert.True(server.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Error));
    }

    [Fact]
    public async Task Server_FallbackPolicy_RequiresAnAuthenticatedCaller_WithoutAuthenticatingAgain()
    {
        await using var server = await McrTestServer.StartAsync();

        var policy = await server.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetFallbackPolicyAsync();
        Assert.NotNull(policy);
        Assert.Contains(policy.Requirements, requirement => requirement is DenyAnonymousAuthorizationRequirement);
        Assert.Empty(policy.AuthenticationSchemes); // the caller McrAuthenticationMiddleware set is the one checked
    }

    [Fact]
    public async Task Server_HasNoFrameworkAuthentication_SoTheHostAddsNoAuthenticationMiddlewareOfItsOwn()
    {
        // With a scheme provider registered, the host would put the framework's authentication middleware
        // in front of MCR's (and build a handler, a service and a ticket for every request).
        await using var server = await McrTestServer.StartAsync();

        Assert.Null(server.Services.GetService<IAuthenticationSchemeProvider>());
        Assert.Null(server.Services.GetService<IAuthenticationService>());
        Assert.IsType<McrAuthorizationResultHandler>(server.Services.GetRequiredService<IAuthorizationMiddlewareResultHandler>());
    }

    [Fact]
    public async Task Server_FallbackPolicy_IsDecidedByMcrsEvaluator_AndNoHandlerIsSkipped()
    {
        // McrPolicyEvaluator decides the fallback policy without running the registered authorization
        // handlers. That is exact only while the framework's pass-through handler is the one registered:
        // a handler added later must make this test fail, so whoever adds it sees the shortcut.
        await using var server = await McrTestServer.StartAsync();

        Assert.IsType<McrPolicyEvaluator>(server.Services.GetRequiredService<IPolicyEvaluator>());
        var handler = Assert.Single(server.Services.GetServices<IAuthorizationHandler>());
        Assert.IsType<PassThroughAuthorizationHandler>(handler);
        var fallback = await server.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetFallbackPolicyAsync();
        Assert.True(McrPolicyEvaluator.OnlyRequiresAuthenticatedCaller(fallback!));
    }

    [Theory]
    [InlineData(typeof(IPolicyEvaluator))]
    [InlineData(typeof(IAuthorizationService))]
    [InlineData(typeof(IAuthorizationHandlerProvider))]
    [InlineData(typeof(IAuthorizationMiddlewareResultHandler))]
    public async Task Server_AuthorizationServices_AreBuiltOnce_NotPerRequest(Type service)
    {
        await using var server = await McrTestServer.StartAsync();

        using var first = server.Services.CreateScope();
        using var second = server.Services.CreateScope();
        Assert.Same(first.ServiceProvider.GetRequiredService(service), second.ServiceProvider.GetRequiredService(service));
    }
}
