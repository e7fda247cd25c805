namespace Mcr.Cli.Client;

/// <summary>
/// A failed call: what kind of failure, and the cause in words (the server's <c>error</c> text, or what went wrong
/// with the connection). <see cref="Status"/> is the wire status for the message, e.g. <c>HTTP 403</c> or
/// <c>PermissionDenied</c>; null when no answer came.
/// </summary>
internal sealed class McrClientException(ClientErrorKind kind, string cause, string? status = null, Exception? inner = null)
    : Exception(cause, inner)
{
    public ClientErrorKind Kind { get; } = kind;

    public string Cause { get; } = cause;

    public string? Status { get; } = status;
}
