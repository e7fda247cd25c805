using Grpc.Core;
using Mcr.Server.Auth;

namespace Mcr.Server.Grpc.Interceptors;

/// <summary>Third: the admin role for the RPCs the access map marks admin, as REST's <c>RequireAdmin</c>.</summary>
internal sealed class AdminInterceptor : CallInterceptor
{
    protected override Task AroundAsync(ServerCallContext context, Func<Task> call)
    {
        if (ApiSurface.AccessOf(context.Method) == RpcAccess.Admin && !context.GetHttpContext().GetPrincipal().IsAdmin)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "admin role required"));
        }
        return call();
    }
}
