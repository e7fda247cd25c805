namespace Mcr.Web;

/// <summary>mcr-web's log lines (event ids 8xxx). None carries a token, a password or a cookie.</summary>
internal static partial class Log
{
    [LoggerMessage(8001, LogLevel.Information, "{Username} signed in (admin: {Admin})")]
    public static partial void SignedIn(ILogger logger, string username, bool admin);

    [LoggerMessage(8002, LogLevel.Information, "Sign-in of {Username} failed: {Status}")]
    public static partial void SignInFailed(ILogger logger, string username, Grpc.Core.StatusCode status);

    [LoggerMessage(8003, LogLevel.Information, "{Method} {Path}: {Status} {Title}: {Message}")]
    public static partial void Answered(ILogger logger, string method, string path, int status, string title, string message);

    [LoggerMessage(8004, LogLevel.Error, "{Method} {Path} failed: {Status}")]
    public static partial void Failed(ILogger logger, Exception exception, string method, string path, int status);
}
