using Microsoft.AspNetCore.Authorization;

namespace Mcr.Server.Auth;

/// <summary>
/// The framework registers its authorization services as transient, so the authorization middleware has a
/// policy evaluator, an authorization service and its helpers built for every request; under Native AOT
/// the container builds each by reflection (about 3 % of the server's CPU on a manifest GET). None of
/// them holds state (the middleware itself keeps its policy provider for the life of the process), so
/// each becomes one instance for the process, of whatever implementation the framework registered.
/// (The policy evaluator and the result handler are not in the list: MCR registers its own of each,
/// as singletons.)
/// </summary>
internal static class AuthServiceLifetimes
{
    private static readonly Type[] _statelessAuthorizationServices =
    [
        typeof(IAuthorizationService),
        typeof(IAuthorizationPolicyProvider),
        typeof(IAuthorizationHandlerProvider),
        typeof(IAuthorizationEvaluator),
        typeof(IAuthorizationHandlerContextFactory),
        typeof(IAuthorizationHandler),
    ];

    /// <summary>Call after the framework's authorization services are added.</summary>
    public static IServiceCollection MakeAuthorizationServicesSingletons(this IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.Lifetime == ServiceLifetime.Transient
                && descriptor.ImplementationType is { } implementation
                && Array.IndexOf(_statelessAuthorizationServices, descriptor.ServiceType) >= 0)
            {
                services[i] = ServiceDescriptor.Singleton(descriptor.ServiceType, implementation);
            }
        }
        return services;
    }
}
