using System.Diagnostics;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Reliability;

/// <summary>
/// <c>server.read_timeout</c> is what frees the slots slow-loris clients hold: a request head or a body trickling
/// in a byte a second is cut off once it runs out (Kestrel's RequestHeadersTimeout and MinRequestBodyDataRate).
/// </summary>
public sealed class ReadTimeoutTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("GET /v2/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")]
    [InlineData("POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"username\":\"")]
    public async Task TricklingRequest_ClosedOnceReadTimeoutRunsOut(string start)
    {
        await using var server = await McrTestServer.StartAsync(output, options => options.Server.ReadTimeout = TimeSpan.FromSeconds(2));
        var connections = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RawTlsConnection.ConnectAsync(server)));
        try
        {
            await Task.WhenAll(connections.Select(c => c.WriteAsync(start)));
            var clock = Stopwatch.StartNew();
            // Generous: the point is that they are closed at all, not how promptly (Kestrel checks once a second).
            while (connections.Any(c => c.Open) && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                await Task.WhenAll(connections.Select(c => c.WriteAsync("a")));
            }
            output.WriteLine($"{connections.Count(c => !c.Open)} of {connections.Length} trickling connections closed after {clock.Elapsed.TotalSeconds:F0} s");
            Assert.All(connections, c => Assert.False(c.Open));
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
