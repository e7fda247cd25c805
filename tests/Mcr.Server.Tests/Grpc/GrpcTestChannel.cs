using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Grpc;

/// <summary>A gRPC channel to a test server's gRPC listener, trusting exactly its certificate; optionally with a bearer token.</summary>
public sealed class GrpcTestChannel : IDisposable
{
    private readonly GrpcChannel _channel;

    public GrpcTestChannel(McrTestServer server, string? token = null, Uri? address = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString() == server.Certificate.GetCertHashString(),
            },
        };
        _channel = GrpcChannel.ForAddress(address ?? server.GrpcAddress ?? throw new InvalidOperationException("gRPC is off"),
            new GrpcChannelOptions { HttpHandler = handler });
        Invoker = token is null
            ? _channel.CreateCallInvoker()
            : _channel.CreateCallInvoker().Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {token}");
                return metadata;
            });
    }

    public CallInvoker Invoker { get; }

    public void Dispose() => _channel.Dispose();
}
