using System.Net.Sockets;
using System.Text;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Deployment;

/// <summary>
/// The sd_notify protocol as mcr.service (<c>Type=notify</c>) relies on it: with <c>NOTIFY_SOCKET</c> set, the
/// real mcrsrv sends <c>READY=1</c> to that datagram socket once it serves, and <c>STOPPING=1</c> on SIGTERM.
/// <see cref="SystemdServiceTests"/> sees the same through a real systemd.
/// </summary>
public sealed class SystemdNotifyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _work = new("mcr-notify");

    [Fact]
    public async Task NotifySocket_ReadyOnceServing_StoppingOnSigterm()
    {
        var path = _work.Combine("notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        var server = new McrProcess();
        server.Environment["NOTIFY_SOCKET"] = path;
        using (server.AttachOutput(output))
        {
            try
            {
                await server.InitializeAsync();
                Assert.Equal("READY=1", await ReceiveAsync(socket));

                var exitCode = await server.StopAsync();

                Assert.Equal("STOPPING=1", await ReceiveAsync(socket));
                Assert.Equal(0, exitCode);
            }
            finally
            {
                await server.DisposeAsync();
            }
        }
    }

    public void Dispose() => _work.Dispose();

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received).Trim();
    }
}
