using Grpc.Core;

namespace Mcr.Server.Grpc;

/// <summary>The gRPC layer's log messages. A call is logged by method, peer, status and duration only.</summary>
internal static partial class GrpcLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "gRPC {Method} from {Peer}: {Status} in {ElapsedMs:0.0} ms")]
    public static partial void Call(ILogger logger, string method, string peer, StatusCode status, double elapsedMs);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Unhandled error in gRPC {Method}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "gRPC admin API listening on {Address} (TLS 1.3)")]
    public static partial void Listening(ILogger logger, string address);
}
