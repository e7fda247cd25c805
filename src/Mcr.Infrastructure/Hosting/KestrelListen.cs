using System.Net;
using Mcr.Infrastructure.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mcr.Infrastructure.Hosting;

/// <summary>
/// Opens a Kestrel listener for a configured address (<see cref="ListenAddress"/>: <c>host:port</c>, <c>:port</c>,
/// <c>[v6]:port</c>, a host name). Shared by mcrsrv and mcr-web, whose listeners are all TLS 1.3 only.
/// </summary>
public static class KestrelListen
{
    /// <param name="key">The configuration key, for the message when <paramref name="value"/> is not an address.</param>
    public static void Listen(KestrelServerOptions kestrel, string key, string value, Action<ListenOptions> configure)
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
