using Grpc.Core;
using Grpc.Core.Interceptors;
using Mcr.Protocol.V1;
using Mcr.Web.Session;

namespace Mcr.Web.Registry;

/// <summary>
/// The registry's gRPC services for one request, each call carrying the session's bearer token in the
/// <c>authorization</c> metadata, the request's cancellation and a deadline. Nothing here logs the token.
/// Failures surface as <see cref="RpcException"/>; <see cref="RegistryFailure"/> turns them into pages.
/// </summary>
public sealed class RegistryClient
{
    /// <summary>How long one call may take before the page says the registry is unavailable.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public RegistryClient(RegistryConnection connection, IHttpContextAccessor accessor)
        : this(connection, SessionUser.TokenOf(accessor.HttpContext?.User), accessor.HttpContext?.RequestAborted ?? default)
    {
    }

    /// <param name="token">The bearer token to send; null for the calls that need none (login, health).</param>
    public RegistryClient(RegistryConnection connection, string? token, CancellationToken cancellationToken)
    {
        var invoker = connection.Channel.Intercept(new SessionInterceptor(token, cancellationToken));
        Registry = new RegistryService.RegistryServiceClient(invoker);
        Policy = new PolicyService.PolicyServiceClient(invoker);
        Audit = new AuditService.AuditServiceClient(invoker);
        Admin = new AdminService.AdminServiceClient(invoker);
        Accounts = new AccountService.AccountServiceClient(invoker);
    }

    public RegistryService.RegistryServiceClient Registry { get; }

    public PolicyService.PolicyServiceClient Policy { get; }

    public AuditService.AuditServiceClient Audit { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public AccountService.AccountServiceClient Accounts { get; }

    private sealed class SessionInterceptor(string? token, CancellationToken cancellationToken) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
            AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            var headers = context.Options.Headers ?? [];
            if (token is not null)
            {
                headers.Add("authorization", $"Bearer {token}");
            }
            var options = context.Options
                .WithHeaders(headers)
                .WithDeadline(context.Options.Deadline ?? DateTime.UtcNow.Add(CallTimeout))
                .WithCancellationToken(context.Options.CancellationToken.CanBeCanceled ? context.Options.CancellationToken : cancellationToken);
            return continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
        }
    }
}
