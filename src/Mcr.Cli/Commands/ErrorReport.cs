using Mcr.Cli.Client;

namespace Mcr.Cli.Commands;

/// <summary>
/// Writes a failed command's one-line message (never a stack trace) and picks its exit code:
/// <c>error: cannot ACTION on SERVER: CAUSE</c>, with the wire status and what to do next where there is something to do.
/// </summary>
internal static class ErrorReport
{
    public static int Write(TextWriter error, string action, string endpoint, McrClientException failure)
    {
        var status = failure.Status is null ? "" : $"{failure.Status}: ";
        var message = failure.Kind switch
        {
            ClientErrorKind.Unauthenticated => $"not authenticated ({status}{failure.Cause}); run `mcrctl login`",
            ClientErrorKind.PermissionDenied => $"permission denied to {action} ({status}{failure.Cause})",
            ClientErrorKind.NotFound => $"not found ({status}{failure.Cause})",
            ClientErrorKind.Conflict => $"conflict ({status}{failure.Cause})",
            ClientErrorKind.InvalidInput => $"invalid input ({status}{failure.Cause})",
            ClientErrorKind.Unavailable when failure.Status is not null => $"server unavailable ({status}{failure.Cause})",
            ClientErrorKind.General when failure.Status is not null => $"server error ({status}{failure.Cause})",
            _ => failure.Cause,
        };
        error.WriteLine($"error: cannot {action} on {endpoint}: {message}");
        return ExitCodes.For(failure.Kind);
    }
}
