using System.Net;
using System.Net.Sockets;
using Mcr.Infrastructure.Audit;
using Mcr.Server.Tests.Oci;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Hosting;

/// <summary>
/// SPEC §16: stopping the server lets the requests in flight finish and drains the audit queue. A blob
/// upload is half-way through its body when the stop begins; the rest arrives afterwards, and the upload
/// still commits, with its audit event written, while no new connection is accepted.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stop_DuringAnUpload_LetsItCommitAndWritesItsAuditEvent_RefusesNewConnections()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        var blob = OciTestClient.RandomBytes(2 << 20);
        var digest = OciTestClient.DigestOf(blob);
        var body = new GatedContent(blob, gateAt: 1 << 20);

        var upload = admin.PostAsync($"/v2/shutdown/app/blobs/uploads/?digest={digest}", body);
        await body.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntilTheServerWritesAsync(server);
        var stopping = server.StopAsync();
        await WaitUntilRefusedAsync(server.BaseAddress);
        body.SendTheRest();
        using var response = await upload.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(digest, OciTestClient.Header(response, "Docker-Content-Digest"));
        var audit = await server.Services.GetRequiredService<AuditStore>().ListAsync(
            AuditQuery.Parse(AuditEventTypes.BlobUploaded, null, null, null, null, "10", null).Query!);
        Assert.Contains(audit.Items, entry => entry.Event.Digest == digest && entry.Event.Repository == "shutdown/app");
    }

    /// <summary>
    /// Sent is not received: a stop closes connections whose request the server has not begun, so wait until
    /// the upload's first bytes are in its temp file.
    /// </summary>
    private static async Task WaitUntilTheServerWritesAsync(McrTestServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var uploads = server.Options.Storage.UploadsPath;
        while (!Directory.Exists(uploads) || !Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "the server never wrote the upload's first bytes");
            await Task.Delay(20);
        }
    }

    /// <summary>Kestrel stops listening at the start of a stop; a connection attempt is then refused.</summary>
    private static async Task WaitUntilRefusedAsync(Uri address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(address.Host, address.Port);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "the server still accepts connections while stopping");
            await Task.Delay(50);
        }
    }

    /// <summary>A body that sends its first <c>gateAt</c> bytes, then waits for <see cref="SendTheRest"/>.</summary>
    private sealed class GatedContent(byte[] content, int gateAt) : HttpContent
    {
        private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstPartSent => _firstPartSent.Task;

        public void SendTheRest() => _gate.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(content.AsMemory(0, gateAt));
            await stream.FlushAsync();
            _firstPartSent.TrySetResult();
            await _gate.Task;
            await stream.WriteAsync(content.AsMemory(gateAt));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = content.Length;
            return true;
        }
    }
}
