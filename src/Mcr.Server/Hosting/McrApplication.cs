using System.Net;
using Mcr.Infrastructure;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Hosting;
using Mcr.Server.Admin;
using Mcr.Server.Auth;
using Mcr.Server.Errors;
using Mcr.Server.Grpc;
using Mcr.Server.Health;
using Mcr.Server.Observability;
using Mcr.Server.Oci;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mcr.Server.Hosting;

/// <summary>Builds the registry's web application from validated options: services, pipeline, endpoints.</summary>
public static class McrApplication
{
    /// <param name="configure">Lets tests adjust the builder (e.g. logging to test output, a fake clock).</param>
    public static WebApplication Build(McrOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        // The empty builder: MCR reads its own TOML, so none of the framework's configuration sources
        // (appsettings.json watched for changes, environment variables, command line) is loaded. The
        // watcher in particular saw every write to the SQLite files under the working directory.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.WebHost.ConfigureKestrel(kestrel => KestrelSetup.Configure(kestrel, options));
        builder.Services.Configure<SocketTransportOptions>(KestrelSetup.ConfigureSockets);
        builder.WebHost.UseShutdownTimeout(options.Server.ShutdownTimeout);
        McrLogging.Configure(builder.Logging, options.Log);
        // Fail at start-up, not on the first request, when a service cannot be built.
        builder.Host.UseDefaultServiceProvider(provider =>
        {
            provider.ValidateOnBuild = true;
            provider.ValidateScopes = true;
        });
        builder.Services.AddMcrServer(options);
        builder.Services.AddSystemdNotify(Environment.GetEnvironmentVariable(SystemdNotify.SocketVariable));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMcrPipeline(options);
        app.MapMcrEndpoints();
        app.MapMcrGrpc(options);
        return app;
    }

    public static IServiceCollection AddMcrServer(this IServiceCollection services, McrOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<McrListeners>();
        // First hosted service: nothing else starts while another process owns the data directory.
        services.AddHostedService<DataDirectoryLease>();
        services.AddMcrInfrastructure(options);
        services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<LoginEvents>();
        services.AddSingleton<Sessions>();
        services.AddSingleton<RegistryHealth>();
        services.AddSingleton<Readiness>();
        services.AddHostedService(provider => provider.GetRequiredService<Readiness>());
        services.AddSingleton<AuthChallenge>();
        services.AddSingleton<PolicyGate>();
        services.AddOciRouting();
        services.AddMcrMetrics();
        services.AddMcrGrpc(options);

        // Security is structure: every endpoint requires an authenticated caller unless it opts out
        // with AllowAnonymous (the short list is enforced by a test). McrAuthenticationMiddleware sets the
        // caller; the framework's authorization middleware applies the policy (McrPolicyEvaluator decides
        // the fallback policy itself), and McrAuthorizationResultHandler answers a request without one.
        // The policy names no scheme, and there is none: the framework's authentication built a handler,
        // a service and a ticket for every request.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, McrAuthorizationResultHandler>());
        services.MakeAuthorizationServicesSingletons();
        services.AddSingleton<PolicyEvaluator>(); // the framework's, for any policy but the fallback
        services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, McrPolicyEvaluator>());

        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedFor;
            // Only configured proxies are believed; the framework's default trusts loopback.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in options.Server.TrustedProxies)
            {
                // Validated at start-up: each entry is an address or a CIDR range.
                if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                }
            }
        });
        return services;
    }

    private static void UseMcrPipeline(this WebApplication app, McrOptions options)
    {
        if (options.Server.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/v2"))
            {
                context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
            }
            return next(context);
        });
        app.Use(GrpcListenerFeature.SeparateListeners);
        app.UseMiddleware<McrAuthenticationMiddleware>();
        app.UseAuthorization();
    }

    private static void MapMcrEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapReadinessEndpoints();
        app.MapMetricsEndpoint();
        app.MapSessionEndpoints();
        app.MapTokenEndpoints();
        app.MapBaseEndpoints();
        app.MapBlobEndpoints();
        app.MapUploadEndpoints();
        app.MapManifestEndpoints();
        app.MapTagEndpoints();
        app.MapCatalogEndpoints();
        app.MapReferrerEndpoints();
        app.MapRepositoryEndpoints();
        app.MapTagAdminEndpoints();
        app.MapManifestAdminEndpoints();
        app.MapStatsEndpoints();
        app.MapAccountEndpoints();
        app.MapPolicyEndpoints();
        app.MapAuditEndpoints();
        app.MapSnapshotEndpoints();
        app.MapGcEndpoints();
    }
}
