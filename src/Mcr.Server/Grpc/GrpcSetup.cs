using Grpc.Reflection;
using Grpc.Reflection.V1Alpha;
using Mcr.Infrastructure.Configuration;
using Mcr.Protocol.V1;
using Mcr.Server.Grpc.Interceptors;
using Mcr.Server.Grpc.Services;
using Mcr.Server.Health;

namespace Mcr.Server.Grpc;

/// <summary>
/// The gRPC admin API (SPEC §11) on <c>server.grpc_addr</c>: MCR's services, the standard health and reflection
/// services, and the interceptor chain logging → authentication → admin. Nothing is added when the address is
/// empty.
/// </summary>
internal static class GrpcSetup
{
    public static IServiceCollection AddMcrGrpc(this IServiceCollection services, McrOptions options)
    {
        if (options.Server.GrpcAddr.Length == 0)
        {
            return services;
        }
        services.AddSingleton<GrpcMetrics>();
        services.AddGrpc(grpc =>
        {
            // Outermost first: every call is logged and measured, even one refused for its credentials.
            grpc.Interceptors.Add<LoggingInterceptor>();
            grpc.Interceptors.Add<AuthenticationInterceptor>();
            grpc.Interceptors.Add<AdminInterceptor>();
            // Admin messages are small; a bigger one is refused before it is parsed.
            grpc.MaxReceiveMessageSize = 1024 * 1024;
            grpc.EnableDetailedErrors = false;
        });
        // Reflection over exactly the services served, built from their descriptors: the framework's
        // reflection package discovers services by runtime reflection, which Native AOT trims away.
        services.AddSingleton(new ReflectionServiceImpl(
            RegistryService.Descriptor, PolicyService.Descriptor, AuditService.Descriptor, AdminService.Descriptor,
            AccountService.Descriptor, global::Grpc.Health.V1.Health.Descriptor, ServerReflection.Descriptor));
        services.AddGrpcHealthChecks().AddCheck<RegistryHealth>("registry");
        return services;
    }

    public static void MapMcrGrpc(this WebApplication app, McrOptions options)
    {
        if (options.Server.GrpcAddr.Length == 0)
        {
            return;
        }
        // AllowAnonymous: the framework's fallback policy is REST's; for gRPC the interceptors authenticate and
        // authorize every call from the access map in ApiSurface, and refuse what it does not list.
        app.MapGrpcService<RegistryGrpcService>().AllowAnonymous();
        app.MapGrpcService<PolicyGrpcService>().AllowAnonymous();
        app.MapGrpcService<AuditGrpcService>().AllowAnonymous();
        app.MapGrpcService<AdminGrpcService>().AllowAnonymous();
        app.MapGrpcService<AccountGrpcService>().AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcService<ReflectionServiceImpl>().AllowAnonymous();
    }
}
