using System.Diagnostics;

namespace Mcr.Bench.Workloads;

/// <summary>Requests per second and latency percentiles of one closed-loop load run.</summary>
internal sealed record LoadResult(int Connections, long Requests, long Errors, double RequestsPerSecond, double P50Ms, double P99Ms);

/// <summary>
/// A closed-loop load generator: <c>connections</c> workers, each sending its next request as soon as the
/// previous one completed, over a client whose pool holds that many keep-alive connections. Requests that
/// start during the warm-up are not counted; latency is from send to the last body byte.
/// </summary>
internal static class LoadGenerator
{
    /// <param name="send">One request; true when the answer was the expected one.</param>
    public static async Task<LoadResult> RunAsync(
        HttpClient client, int connections, TimeSpan warmup, TimeSpan duration, Func<HttpClient, CancellationToken, Task<bool>> send)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task<(List<long> Latencies, long Errors)>[connections];
        for (var i = 0; i < connections; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                var latencies = new List<long>(4096);
                long errors = 0;
                while (true)
                {
                    var sent = Stopwatch.GetTimestamp();
                    if (sent >= measureTo)
                    {
                        return (latencies, errors);
                    }
                    bool ok;
                    try
                    {
                        ok = await send(client, CancellationToken.None);
                    }
                    catch (HttpRequestException)
                    {
                        ok = false;
                    }
                    var done = Stopwatch.GetTimestamp();
                    if (sent < measureFrom || done > measureTo)
                    {
                        continue;
                    }
                    if (ok)
                    {
                        latencies.Add(done - sent);
                    }
                    else
                    {
                        errors++;
                    }
                }
            });
        }
        var results = await Task.WhenAll(workers);
        var all = results.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(all);
        var errorCount = results.Sum(r => r.Errors);
        return new LoadResult(connections, all.Length, errorCount, all.Length / duration.TotalSeconds, PercentileMs(all, 0.50), PercentileMs(all, 0.99));
    }

    /// <summary>Nearest-rank percentile of sorted Stopwatch ticks, in milliseconds; NaN when empty.</summary>
    public static double PercentileMs(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }
        var index = Math.Clamp((int)Math.Ceiling(quantile * sortedTicks.Length) - 1, 0, sortedTicks.Length - 1);
        return sortedTicks[index] * 1000.0 / Stopwatch.Frequency;
    }
}
