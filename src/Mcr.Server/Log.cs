namespace Mcr.Server;

/// <summary>Every log message of the server, source-generated, with stable event ids. Never log secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "{Method} {Path} refused: {Answer} ({Cause})")]
    public static partial void ResourceExhausted(ILogger logger, string method, string path, string answer, string cause);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Identity service unavailable: {Reason}")]
    public static partial void IdentityUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Login failed for {Username} from {ClientIp}")]
    public static partial void LoginFailed(ILogger logger, string username, string? clientIp);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "MCR listening on {Url} (TLS 1.3)")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Draining: /readyz answers 503 for {Delay} before the listeners close")]
    public static partial void Draining(ILogger logger, TimeSpan delay);
}
