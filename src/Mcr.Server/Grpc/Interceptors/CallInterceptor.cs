using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mcr.Server.Grpc.Interceptors;

/// <summary>
/// An interceptor that does the same around every kind of call (unary and streaming): subclasses write
/// <see cref="AroundAsync"/> once instead of four handlers.
/// </summary>
internal abstract class CallInterceptor : Interceptor
{
    /// <summary>Runs <paramref name="call"/>, the rest of the chain and the service method.</summary>
    protected abstract Task AroundAsync(ServerCallContext context, Func<Task> call);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        TResponse response = default!;
        await AroundAsync(context, async () => response = await continuation(request, context));
        return response;
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        TResponse response = default!;
        await AroundAsync(context, async () => response = await continuation(requestStream, context));
        return response;
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        AroundAsync(context, () => continuation(request, responseStream, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        AroundAsync(context, () => continuation(requestStream, responseStream, context));
}
