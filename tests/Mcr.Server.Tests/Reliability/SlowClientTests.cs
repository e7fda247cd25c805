using System.Diagnostics;
using System.Globalization;
using System.Net;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Reliability;

/// <summary>
/// Idle connections and slow-loris connections (request heads and bodies trickling in one byte a second) are
/// held open while an ordinary client keeps working: each of its requests — the version check and a blob
/// download, over a kept-alive connection and over a fresh one — is answered within a second. The only timing
/// assertion in the suite; it bounds the worst request of a few hundred, and the figures are printed.
/// </summary>
public sealed class SlowClientTests(ITestOutputHelper output)
{
    private const int IdleWanted = 500;
    private const int SlowWanted = 500;
    private static readonly TimeSpan _measureFor = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task IdleAndSlowConnections_OrdinaryRequestsStillAnsweredWithinASecond()
    {
        var (idleCount, slowCount) = AffordableConnections();
        await using var server = await McrTestServer.StartAsync(output);
        var token = await server.GetTokenAsync();
        using var client = server.CreateClient(token);
        var digest = await new OciTestClient(client).PushBlobAsync("abuse/app", OciTestClient.RandomBytes(64 * 1024));
        var opening = Stopwatch.StartNew();

        var idle = await OpenManyAsync(server, idleCount);
        var slow = await OpenManyAsync(server, slowCount);
        output.WriteLine($"opened {idle.Count} idle and {slow.Count} slow TLS connections in {opening.Elapsed.TotalSeconds:F1} s");
        try
        {
            using var stop = new CancellationTokenSource();
            var trickle = TrickleAsync(slow, stop.Token);

            var latencies = new List<double>();
            var clock = Stopwatch.StartNew();
            var round = 0;
            while (clock.Elapsed < _measureFor)
            {
                // Every fourth round on a new connection, so accepting and the TLS handshake are measured too.
                using var fresh = round++ % 4 == 0 ? server.CreateClient(token) : null;
                var http = fresh ?? client;
                latencies.Add(await TimeAsync(http, "/v2/", HttpStatusCode.OK));
                latencies.Add(await TimeAsync(http, $"/v2/abuse/app/blobs/{digest}", HttpStatusCode.OK));
                await Task.Delay(50);
            }
            await stop.CancelAsync();
            await trickle;

            latencies.Sort();
            var p50 = latencies[latencies.Count / 2];
            var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
            var max = latencies[^1];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{latencies.Count} requests beside {idle.Count} idle + {slow.Count} slow connections: p50 {p50:F1} ms, p99 {p99:F1} ms, max {max:F1} ms"));
            output.WriteLine($"still open at the end: {idle.Count(c => c.Open)} idle, {slow.Count(c => c.Open)} slow");
            Assert.True(max < _bound.TotalMilliseconds, $"slowest request took {max:F0} ms");
            // The slow clients were held, not dropped early: read_timeout (30 s) had not run out yet.
            Assert.True(slow.Count(c => c.Open) > slow.Count * 9 / 10, "the server dropped slow connections before read_timeout");
        }
        finally
        {
            await Task.WhenAll(idle.Concat(slow).Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Half the slow connections trickle a request head, half a login body after a complete head.</summary>
    private static async Task TrickleAsync(IReadOnlyList<RawTlsConnection> slow, CancellationToken stop)
    {
        for (var i = 0; i < slow.Count; i++)
        {
            await slow[i].WriteAsync(i % 2 == 0
                ? "GET /v2/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                : "POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"username\":\"",
                stop);
        }
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                await Task.WhenAll(slow.Select(c => c.WriteAsync("a", stop)));
            }
        }
        catch (OperationCanceledException)
        {
            // measuring is over
        }
    }

    private static async Task<double> TimeAsync(HttpClient http, string path, HttpStatusCode expected)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        Assert.Equal(expected, response.StatusCode);
        return elapsed;
    }

    private static async Task<List<RawTlsConnection>> OpenManyAsync(McrTestServer server, int count)
    {
        var connections = new List<RawTlsConnection>(count);
        // A few handshakes at a time: enough to be quick, few enough not to overflow the listen backlog.
        for (var start = 0; start < count; start += 25)
        {
            connections.AddRange(await Task.WhenAll(Enumerable.Range(start, Math.Min(25, count - start))
                .Select(_ => RawTlsConnection.ConnectAsync(server))));
        }
        return connections;
    }

    /// <summary>
    /// Each held connection costs two descriptors here (client and server share the process). Scaled down, with
    /// a message, when the soft limit (<c>ulimit -n</c>) cannot take the full count.
    /// </summary>
    private (int Idle, int Slow) AffordableConnections()
    {
        var limit = OpenFileLimit();
        var budget = (int)Math.Min(int.MaxValue, (limit - 1024) / 2);
        if (budget >= IdleWanted + SlowWanted)
        {
            output.WriteLine($"open file limit {limit}: enough for {IdleWanted} idle + {SlowWanted} slow connections");
            return (IdleWanted, SlowWanted);
        }
        var each = Math.Max(10, budget / 2);
        output.WriteLine($"open file limit {limit} is too low for {IdleWanted} + {SlowWanted} connections; scaled down to {each} + {each}");
        return (each, each);
    }

    private static long OpenFileLimit()
    {
        const string prefix = "Max open files";
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        var soft = line?[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, CultureInfo.InvariantCulture, out var value) ? value : 1024;
    }
}
