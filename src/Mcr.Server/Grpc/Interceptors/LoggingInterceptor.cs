using System.Diagnostics;
using Grpc.Core;

namespace Mcr.Server.Grpc.Interceptors;

/// <summary>
/// First in the chain: one log line per call (method, peer, status, duration; never the <c>authorization</c>
/// value or a message body), the per-RPC metrics, and the mapping of escaped exceptions to a status through
/// <see cref="GrpcErrors"/>, so no exception text or stack trace reaches a client.
/// </summary>
internal sealed class LoggingInterceptor(GrpcMetrics metrics, ILogger<LoggingInterceptor> logger) : CallInterceptor
{
    protected override async Task AroundAsync(ServerCallContext context, Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            await call();
        }
        catch (Exception e)
        {
            var answer = GrpcErrors.FromException(e, context.CancellationToken);
            status = answer.StatusCode;
            if (status == StatusCode.Internal && e is not RpcException)
            {
                GrpcLog.Unhandled(logger, e, context.Method);
            }
            throw answer;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.Record(context.Method, status, elapsed);
            GrpcLog.Call(logger, context.Method, context.Peer, status, elapsed.TotalMilliseconds);
        }
    }
}
