using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Mcr.Cli.Client;

namespace Mcr.Cli.Transport;

/// <summary>
/// Turns what the socket handler throws when no answer comes (for REST directly, for gRPC inside an
/// <c>Unavailable</c> status) into a <see cref="McrClientException"/> naming the cause in words.
/// </summary>
internal static class ConnectionFailures
{
    /// <summary>The failure this exception stands for, or null if it is not a connection failure.</summary>
    public static McrClientException? Classify(Exception? e, TlsTrust trust, TimeSpan timeout)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AuthenticationException:
                    return Tls(trust, current);
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } http:
                    return Tls(trust, http);
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } http:
                    return new McrClientException(ClientErrorKind.Unavailable, "unknown host name", inner: http);
                case SocketException socket:
                    return Socket(socket);
                case TimeoutException timedOut:
                    return new McrClientException(ClientErrorKind.Unavailable,
                        string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0} s"), inner: timedOut);
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded } http
                    when http.InnerException is null:
                    return new McrClientException(ClientErrorKind.Unavailable, "the connection closed before an answer came", inner: http);
                case HttpRequestException { HttpRequestError: HttpRequestError.HttpProtocolError or HttpRequestError.VersionNegotiationError } http
                    when http.InnerException is null:
                    return new McrClientException(ClientErrorKind.Unavailable,
                        "the server does not speak the expected protocol there (is this the right port for this transport?)", inner: http);
            }
        }
        return null;
    }

    private static McrClientException Socket(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => new(ClientErrorKind.Unavailable, "connection refused (is mcrsrv running and listening there?)", inner: socket),
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => new(ClientErrorKind.Unavailable, "unknown host name", inner: socket),
        SocketError.TimedOut => new(ClientErrorKind.Unavailable, "connection timed out", inner: socket),
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => new(ClientErrorKind.Unavailable, "network unreachable", inner: socket),
        SocketError.ConnectionReset => new(ClientErrorKind.Unavailable, "connection reset by the server", inner: socket),
        _ => new(ClientErrorKind.Unavailable, $"cannot connect: {socket.SocketErrorCode}", inner: socket),
    };

    private static McrClientException Tls(TlsTrust trust, Exception e) =>
        new(ClientErrorKind.Tls, trust.LastRefusal is { } refusal
            ? $"TLS failure: {refusal}"
            : "TLS handshake failed (MCR offers TLS 1.3 only; is this an MCR TLS port?)", inner: e);
}
