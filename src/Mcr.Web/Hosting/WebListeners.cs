using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mcr.Web.Hosting;

/// <summary>The listeners Kestrel opened; once started, their endpoints carry the bound ports (port 0 in tests).</summary>
public sealed class WebListeners
{
    internal List<ListenOptions> Listeners { get; } = [];

    public IReadOnlyList<EndPoint> Endpoints => [.. Listeners.Select(listen => listen.EndPoint)];

    /// <summary>The first listener's port.</summary>
    public int Port => Listeners.Count > 0 && Listeners[0].EndPoint is IPEndPoint endpoint ? endpoint.Port : 0;
}
