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

        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(server, SslProtocols.Tls12));
        Assert.Equal(SslProtocols.Tls13, await HandshakeAsync(server, SslProtocols.Tls13));
    }

    private static async Task<SslProtocols> HandshakeAsync(McrTestServer server, SslProtocols protocols)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
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
