using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mcr.Server.Hosting;

/// <summary>
/// The listeners Kestrel was told to open, by purpose. Once the server has started their endpoints carry the
/// bound ports (a configured port 0 becomes the one the system picked), which is how the start-up banner and
/// the tests name them.
/// </summary>
public sealed class McrListeners
{
    internal List<ListenOptions> Rest { get; } = [];

    internal List<ListenOptions> Grpc { get; } = [];

    public IReadOnlyList<EndPoint> RestEndpoints => [.. Rest.Select(listen => listen.EndPoint)];

    public IReadOnlyList<EndPoint> GrpcEndpoints => [.. Grpc.Select(listen => listen.EndPoint)];

    /// <summary>The port of the first gRPC listener, or null when gRPC is off.</summary>
    public int? GrpcPort => Grpc.Count > 0 && Grpc[0].EndPoint is IPEndPoint endpoint ? endpoint.Port : null;
}
