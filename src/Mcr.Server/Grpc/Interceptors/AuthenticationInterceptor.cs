using Grpc.Core;
using Mcr.Infrastructure.Identity;
using Mcr.Server.Auth;

namespace Mcr.Server.Grpc.Interceptors;

/// <summary>
/// Second: the caller from the <c>authorization: Bearer &lt;token&gt;</c> metadata, through the same
/// <see cref="Authenticator"/> (identity provider and token cache) as REST. RPCs the access map marks public
/// pass without credentials; an RPC the map does not list is refused whatever the caller (fail closed).
/// </summary>
internal sealed class AuthenticationInterceptor(Authenticator authenticator, ILogger<AuthenticationInterceptor> logger) : CallInterceptor
{
    protected override async Task AroundAsync(ServerCallContext context, Func<Task> call)
    {
        var access = ApiSurface.AccessOf(context.Method)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "this method is not in the access map"));
        if (access != RpcAccess.Public)
        {
            if (!BasicCredentials.TryParseBearer(context.RequestHeaders.GetValue("authorization"), out ReadOnlyMemory<char> token))
            {
                throw GrpcErrors.Unauthenticated("authentication required: send metadata 'authorization: Bearer <token>'");
            }
            var outcome = await authenticator.AuthenticateTokenAsync(token, context.CancellationToken);
            if (!outcome.Succeeded)
            {
                if (outcome.Status == IdentityStatus.Unavailable)
                {
                    Log.IdentityUnavailable(logger, outcome.Message ?? "");
                }
                throw GrpcErrors.Identity(outcome.Status, "invalid, expired or revoked token");
            }
            context.GetHttpContext().User = McrClaimsPrincipal.For(outcome.Principal!);
        }
        await call();
    }
}
