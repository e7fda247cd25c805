using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Mcr.Bench.Reporting;
using Mcr.Bench.Servers;

namespace Mcr.Bench.Workloads;

/// <summary>
/// Blob push (monolithic POST+PUT and chunked PATCHes) and pull of one random blob, MB/s (10^6 bytes per
/// second), median of N. Every push gets distinct content (the first 8 bytes carry a counter), so no
/// registry can skip work for a blob it already holds. Iterations alternate between the registries so a
/// burst of background load on this shared machine hits both alike.
/// </summary>
internal static class BlobWorkload
{
    private const string Section = "Blob throughput";

    public static async Task RunAsync(IReadOnlyList<BenchTarget> targets, BenchOptions options, BenchReport report, Action<string> log)
    {
        var blob = GC.AllocateUninitializedArray<byte>(checked((int)options.BlobBytes));
        Random.Shared.NextBytes(blob);
        var sizeLabel = $"{options.BlobBytes >> 20} MiB";
        var chunkLabel = $"{options.ChunkBytes >> 20} MiB";
        var clients = targets.ToDictionary(t => t.Name, t => t.CreateClient(1, TimeSpan.FromMinutes(10)));
        try
        {
            var counter = 0L;
            var pushed = new Dictionary<string, (string Repository, string Digest)>();
            foreach (var mode in new[] { "monolithic", "chunked" })
            {
                var timings = targets.ToDictionary(t => t.Name, _ => new List<double>());
                var cpu = targets.ToDictionary(t => t.Name, _ => TimeSpan.Zero);
                var clientCpu = targets.ToDictionary(t => t.Name, _ => TimeSpan.Zero);
                for (var i = 0; i < options.BlobIterations; i++)
                {
                    foreach (var target in targets)
                    {
                        BinaryPrimitives.WriteInt64LittleEndian(blob, ++counter);
                        var digest = OciClient.Sha256(blob);
                        var repository = $"bench/blob-{mode}";
                        var cpuBefore = target.Process.CpuTime();
                        var clientCpuBefore = Environment.CpuUsage.TotalTime;
                        var clock = Stopwatch.StartNew();
                        if (mode == "monolithic")
                        {
                            await OciClient.PushMonolithicAsync(clients[target.Name], repository, blob, digest, CancellationToken.None);
                        }
                        else
                        {
                            await OciClient.PushChunkedAsync(clients[target.Name], repository, blob, options.ChunkBytes, digest, CancellationToken.None);
                        }
                        timings[target.Name].Add(options.BlobBytes / clock.Elapsed.TotalSeconds / 1e6);
                        cpu[target.Name] += target.Process.CpuTime() - cpuBefore;
                        clientCpu[target.Name] += Environment.CpuUsage.TotalTime - clientCpuBefore;
                        pushed[target.Name] = (repository, digest);
                    }
                }
                var metric = mode == "monolithic" ? $"push {sizeLabel}, monolithic (POST+PUT)" : $"push {sizeLabel}, chunked ({chunkLabel} PATCH)";
                Record(report, metric, timings, log);
                RecordCpu(report, $"server CPU per GiB, {mode} push", cpu, options.BlobBytes * options.BlobIterations);
                RecordCpu(report, $"client (harness) CPU per GiB, {mode} push", clientCpu, options.BlobBytes * options.BlobIterations);
            }

            var pulls = targets.ToDictionary(t => t.Name, _ => new List<double>());
            var pullCpu = targets.ToDictionary(t => t.Name, _ => TimeSpan.Zero);
            var buffer = new byte[1 << 20];
            for (var i = 0; i < options.BlobIterations; i++)
            {
                foreach (var target in targets)
                {
                    var (repository, digest) = pushed[target.Name];
                    var cpuBefore = target.Process.CpuTime();
                    var clock = Stopwatch.StartNew();
                    using var response = await clients[target.Name].GetAsync($"/v2/{repository}/blobs/{digest}", HttpCompletionOption.ResponseHeadersRead);
                    await OciClient.ExpectAsync(response, System.Net.HttpStatusCode.OK, "blob GET");
                    await using var body = await response.Content.ReadAsStreamAsync();
                    long total = 0;
                    int read;
                    while ((read = await body.ReadAsync(buffer)) > 0)
                    {
                        total += read;
                    }
                    if (total != options.BlobBytes)
                    {
                        throw new InvalidOperationException($"{target.Name} served {total} bytes of a {options.BlobBytes}-byte blob");
                    }
                    pulls[target.Name].Add(total / clock.Elapsed.TotalSeconds / 1e6);
                    pullCpu[target.Name] += target.Process.CpuTime() - cpuBefore;
                }
            }
            Record(report, $"pull {sizeLabel} (GET)", pulls, log);
            RecordCpu(report, "server CPU per GiB, pull", pullCpu, options.BlobBytes * options.BlobIterations);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    private static void Record(BenchReport report, string metric, Dictionary<string, List<double>> samples, Action<string> log)
    {
        foreach (var (target, values) in samples)
        {
            var median = Median(values);
            report.Set(Section, metric, "MB/s", true, target, median);
            log(string.Create(CultureInfo.InvariantCulture, $"{target}: {metric}: median {median:0} MB/s of [{string.Join(", ", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}]"));
        }
    }

    /// <summary>
    /// CPU seconds the server (or the harness, the client) spent per GiB moved: steadier than MB/s on a
    /// shared 2-core machine, where the client's share of the cores moves throughput from run to run.
    /// The two together show how much of the machine a push takes.
    /// </summary>
    private static void RecordCpu(BenchReport report, string metric, Dictionary<string, TimeSpan> cpu, long bytes)
    {
        foreach (var (target, used) in cpu)
        {
            report.Set(Section, metric, "CPU-s", false, target, used.TotalSeconds / (bytes / (double)(1L << 30)));
        }
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
