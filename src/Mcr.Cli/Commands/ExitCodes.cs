using Mcr.Cli.Client;

namespace Mcr.Cli.Commands;

/// <summary>mcrctl's exit codes (README "mcrctl": exit codes), and the one table from failure kind to code.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything else: a server error, an unreadable answer, a declined confirmation, a failed GC run.</summary>
    public const int General = 1;

    /// <summary>Bad command line or input, refused before or by the server (400, InvalidArgument).</summary>
    public const int Usage = 2;

    /// <summary>No token or a token the server refuses (401): run <c>mcrctl login</c>.</summary>
    public const int Unauthenticated = 3;

    public const int PermissionDenied = 4;
    public const int NotFound = 5;

    /// <summary>A conflict: exists already, a GC run in progress, accounts managed by MCIAS.</summary>
    public const int Conflict = 6;

    /// <summary>No connection (refused, unknown host, timeout) or the server is unavailable (503).</summary>
    public const int Unavailable = 7;

    /// <summary>The TLS handshake failed: the certificate is not trusted or not for this host.</summary>
    public const int Tls = 8;

    public static int For(ClientErrorKind kind) => kind switch
    {
        ClientErrorKind.InvalidInput => Usage,
        ClientErrorKind.Unauthenticated => Unauthenticated,
        ClientErrorKind.PermissionDenied => PermissionDenied,
        ClientErrorKind.NotFound => NotFound,
        ClientErrorKind.Conflict => Conflict,
        ClientErrorKind.Unavailable => Unavailable,
        ClientErrorKind.Tls => Tls,
        _ => General,
    };
}
