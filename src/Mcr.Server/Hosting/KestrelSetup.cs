using System.Net;
using System.Security.Authentication;
using Mcr.Infrastructure.Configuration;
using Mcr.Server.Grpc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Mcr.Server.Hosting;

/// <summary>
/// Kestrel listeners and limits from <c>[server]</c>. Every listener is TLS 1.3 only.
/// <c>read_timeout</c> bounds the request headers and, as a minimum data rate window, a stalled
/// body; it does not cap the length of a large, steadily flowing blob upload.
/// </summary>
internal static class KestrelSetup
{
    /// <summary>
    /// Unsent bytes a connection may queue for its socket before the writer waits: 256 KiB instead of the
    /// transport's 64 KiB. A blob download writes 64 KiB at a time, which TLS makes a little more than
    /// 64 KiB, so under the default every write waited for the socket to drain and the response and send
    /// loops handed over to each other per write. With room for a few writes, server CPU per GiB pulled fell
    /// from 1.2–1.7 to 1.0–1.1 CPU-s (docs/performance.md). Small responses never come near either limit.
    /// </summary>
    internal const long SocketWriteBufferBytes = 256 * 1024;

    public static void ConfigureSockets(SocketTransportOptions sockets)
    {
        sockets.MaxWriteBufferSize = SocketWriteBufferBytes;
    }

    public static void Configure(KestrelServerOptions kestrel, McrOptions options)
    {
        var server = options.Server;
        kestrel.AddServerHeader = false;
        // Blob bodies are streamed and unbounded; manifest and JSON handlers enforce their own limits.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.Limits.KeepAliveTimeout = server.IdleTimeout > TimeSpan.Zero ? server.IdleTimeout : TimeSpan.FromSeconds(120);
        if (server.ReadTimeout > TimeSpan.Zero)
        {
            kestrel.Limits.RequestHeadersTimeout = server.ReadTimeout;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: server.ReadTimeout);
        }
        if (server.WriteTimeout > TimeSpan.Zero)
        {
            kestrel.Limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: server.WriteTimeout);
        }

        var certificate = TlsCertificates.Load(server.TlsCert, server.TlsKey);
        var listeners = kestrel.ApplicationServices.GetRequiredService<McrListeners>();
        Listen(kestrel, "server.listen_addr", server.ListenAddr, listen =>
        {
            listeners.Rest.Add(listen);
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate, https => https.SslProtocols = SslProtocols.Tls13);
        });
        if (server.GrpcAddr.Length > 0)
        {
            // gRPC is HTTP/2 only; the marker tells the pipeline which listener a request came in on.
            Listen(kestrel, "server.grpc_addr", server.GrpcAddr, listen =>
            {
                listeners.Grpc.Add(listen);
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(certificate, https => https.SslProtocols = SslProtocols.Tls13);
                listen.Use(next => connection =>
                {
                    connection.Features.Set(GrpcListenerFeature.Instance);
                    return next(connection);
                });
            });
        }
    }

    private static void Listen(KestrelServerOptions kestrel, string key, string value, Action<ListenOptions> configure)
    {
        if (!ListenAddress.TryParse(value, out var host, out var port))
        {
            throw new InvalidOperationException($"{key} '{value}' is not host:port");
        }
        if (string.IsNullOrEmpty(host) || host is "0.0.0.0" or "::" or "[::]" or "*")
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else if (host == "localhost")
        {
            kestrel.ListenLocalhost(port, configure);
        }
        else if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            kestrel.Listen(address, port, configure);
        }
        else
        {
            foreach (var resolved in Dns.GetHostAddresses(host))
            {
                kestrel.Listen(resolved, port, configure);
            }
        }
    }
}
