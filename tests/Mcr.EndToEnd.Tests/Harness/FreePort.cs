using System.Net;
using System.Net.Sockets;

namespace Mcr.EndToEnd.Tests.Harness;

/// <summary>Asks the OS for a loopback port that is free right now (the server binds it moments later; callers retry on a clash).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
