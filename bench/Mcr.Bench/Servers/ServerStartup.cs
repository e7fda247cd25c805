using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Mcr.Bench.Servers;

/// <summary>Shared start-up steps: a free loopback port, and waiting until a URL answers over pinned TLS.</summary>
internal static class ServerStartup
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Polls <paramref name="url"/> until it answers <paramref name="expected"/>; the certificate is read
    /// from <paramref name="certificatePath"/> at handshake time (MCR writes it during start-up).
    /// </summary>
    public static async Task WaitForAsync(ServerProcess process, Uri url, HttpStatusCode expected, string certificatePath, string name)
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                {
                    if (presented is null || !File.Exists(certificatePath))
                    {
                        return false;
                    }
                    using var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
                    return pinned.RawData.AsSpan().SequenceEqual(presented.GetRawCertData());
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < Timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited during start-up:\n{process.RecentOutput}");
            }
            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == expected)
                {
                    return;
                }
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException)
            {
                last = "timed out";
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"{name} did not answer {url} with {(int)expected} within {Timeout.TotalSeconds} s (last: {last}):\n{process.RecentOutput}");
    }
}
