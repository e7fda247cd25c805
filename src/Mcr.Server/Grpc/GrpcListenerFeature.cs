using Grpc.AspNetCore.Server;

namespace Mcr.Server.Grpc;

/// <summary>
/// Set on every connection of the <c>server.grpc_addr</c> listener. The gRPC services answer only there and
/// the REST and OCI endpoints only on <c>server.listen_addr</c>, so turning gRPC off (an empty address) really
/// removes it, and a firewall rule on one port means what it says.
/// </summary>
internal sealed class GrpcListenerFeature
{
    public static readonly GrpcListenerFeature Instance = new();

    private GrpcListenerFeature()
    {
    }

    public static bool IsGrpcListener(HttpContext context) => context.Features.Get<GrpcListenerFeature>() is not null;

    /// <summary>A gRPC method endpoint (ours, health or reflection).</summary>
    public static bool IsGrpcEndpoint(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;

    /// <summary>404 for a request on the wrong listener, before authentication and any handler.</summary>
    public static Task SeparateListeners(HttpContext context, Func<Task> next)
    {
        if (IsGrpcListener(context) != IsGrpcEndpoint(context.GetEndpoint()))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next();
    }
}
