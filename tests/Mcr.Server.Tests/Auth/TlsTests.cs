using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Auth;

public sealed class TlsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Listener_RefusesTls12_AcceptsTls13()
    {
        await using var server = await McrTestServer.StartAsync(output);

        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(server, server.BaseAddress, SslProtocols.Tls12));
        Assert.Equal(SslProtocols.Tls13, await HandshakeAsync(server, server.BaseAddress, SslProtocols.Tls13));
    }

    [Fact]
    public async Task GrpcListener_RefusesTls12_AcceptsTls13()
    {
        await using var server = await McrTestServer.StartAsync(output);
        var grpc = server.GrpcAddress!;

        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(server, grpc, SslProtocols.Tls12));
        Assert.Equal(SslProtocols.Tls13, await HandshakeAsync(server, grpc, SslProtocols.Tls13));
    }

    private static async Task<SslProtocols> HandshakeAsync(McrTestServer server, Uri address, SslProtocols protocols)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == server.Certificate.GetCertHashString());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
        });
        return ssl.SslProtocol;
    }
}
