namespace Mcr.Cli.Client;

/// <summary>
/// Why a call failed, whichever transport made it: HTTP statuses and gRPC status codes both map onto these, and
/// <c>Commands/ExitCodes</c> maps these onto exit codes.
/// </summary>
internal enum ClientErrorKind
{
    /// <summary>A server error, an answer mcrctl cannot read, or anything else.</summary>
    General,

    /// <summary>The server refused the input (400, InvalidArgument).</summary>
    InvalidInput,

    /// <summary>No token, or one the server does not accept (401, Unauthenticated).</summary>
    Unauthenticated,

    /// <summary>The caller may not do this (403, PermissionDenied).</summary>
    PermissionDenied,

    /// <summary>404, NotFound.</summary>
    NotFound,

    /// <summary>409, AlreadyExists, FailedPrecondition: e.g. a GC run in progress, accounts managed by MCIAS.</summary>
    Conflict,

    /// <summary>No connection (refused, unknown host, timed out) or the server said it is unavailable (503).</summary>
    Unavailable,

    /// <summary>The TLS handshake failed: an untrusted or mismatched certificate, or no TLS 1.3.</summary>
    Tls,
}
