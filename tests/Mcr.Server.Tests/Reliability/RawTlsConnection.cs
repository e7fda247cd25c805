using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Reliability;

/// <summary>
/// A TLS 1.3 connection to the test server over a raw socket (HTTP/1.1, no ALPN), so a test can hold it idle,
/// write a request one byte at a time, or send bytes no HTTP client would.
/// </summary>
public sealed class RawTlsConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _ssl;

    private RawTlsConnection(TcpClient tcp, SslStream ssl)
    {
        _tcp = tcp;
        _ssl = ssl;
    }

    /// <summary>False once a write failed: the server closed the connection.</summary>
    public bool Open { get; private set; } = true;

    public static async Task<RawTlsConnection> ConnectAsync(McrTestServer server, CancellationToken cancellationToken = default)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, cancellationToken);
            var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == server.Certificate.GetCertHashString());
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = SslProtocols.Tls13,
            }, cancellationToken);
            return new RawTlsConnection(tcp, ssl);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public async Task WriteAsync(string text, CancellationToken cancellationToken = default)
    {
        if (!Open)
        {
            return;
        }
        try
        {
            await _ssl.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
            await _ssl.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Open = false;
        }
    }

    /// <summary>Everything the server sends until it closes the connection or <paramref name="timeout"/> passes.</summary>
    public async Task<string> ReadToCloseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await _ssl.ReadAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // closed or reset by the server, or out of time: what arrived is the answer
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _ssl.DisposeAsync();
        _tcp.Dispose();
    }
}
