using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mcr.Bench.Reporting;
using Mcr.Bench.Servers;

namespace Mcr.Bench.Workloads;

/// <summary>
/// Manifest GET and HEAD by tag at 1, 8 and 32 keep-alive connections, then the token endpoint (MCR only:
/// distribution has no token endpoint without a separate auth server).
/// </summary>
internal static class ManifestWorkload
{
    private const string Section = "Manifest by tag";
    private const string Repository = "bench/manifest";
    private const string Tag = "latest";

    public static async Task RunAsync(IReadOnlyList<BenchTarget> targets, BenchOptions options, BenchReport report, Action<string> log)
    {
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        var configDigest = OciClient.Sha256(config);
        var manifest = OciClient.ImageManifest(configDigest, config.Length);
        foreach (var target in targets)
        {
            using var client = target.CreateClient(1, TimeSpan.FromSeconds(30));
            var location = await OciClient.StartUploadAsync(client, Repository, CancellationToken.None);
            using var content = new ByteArrayContent(config);
            using var put = await client.PutAsync(new Uri($"{location}{(location.Query.Length == 0 ? "?" : "&")}digest={configDigest}"), content);
            await OciClient.ExpectAsync(put, HttpStatusCode.Created, "config blob PUT");
            await OciClient.PutManifestAsync(client, Repository, Tag, manifest, CancellationToken.None);
        }

        var accept = new MediaTypeWithQualityHeaderValue(OciClient.ManifestMediaType);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            foreach (var connections in options.Connections)
            {
                foreach (var target in targets)
                {
                    using var client = target.CreateClient(connections, TimeSpan.FromSeconds(30));
                    var result = await LoadGenerator.RunAsync(client, connections, options.LoadWarmup, options.LoadDuration, async (c, ct) =>
                    {
                        using var request = new HttpRequestMessage(method, $"/v2/{Repository}/manifests/{Tag}");
                        request.Headers.Accept.Add(accept);
                        using var response = await c.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                        return response.StatusCode == HttpStatusCode.OK;
                    });
                    Record(report, $"{method.Method} ×{connections}", target.Name, result, log);
                }
            }
        }

        foreach (var target in targets)
        {
            if (target.TokenCredentials is not { } credentials)
            {
                report.Set("Token endpoint", "GET /v2/token ×8 (Basic)", "req/s", true, target.Name, null);
                continue;
            }
            using var client = target.CreateClient(8, TimeSpan.FromSeconds(30), authenticated: false);
            var result = await LoadGenerator.RunAsync(client, 8, options.LoadWarmup, options.LoadDuration, async (c, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token");
                request.Headers.Authorization = credentials;
                using var response = await c.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                return response.StatusCode == HttpStatusCode.OK;
            });
            report.Set("Token endpoint", "GET /v2/token ×8 (Basic)", "req/s", true, target.Name, result.RequestsPerSecond);
            report.Set("Token endpoint", "GET /v2/token ×8 p99", "ms", false, target.Name, result.P99Ms);
            log(Describe("GET /v2/token ×8", target.Name, result));
        }
    }

    private static void Record(BenchReport report, string label, string target, LoadResult result, Action<string> log)
    {
        report.Set(Section, $"{label} throughput", "req/s", true, target, result.RequestsPerSecond);
        report.Set(Section, $"{label} p50", "ms", false, target, result.P50Ms);
        report.Set(Section, $"{label} p99", "ms", false, target, result.P99Ms);
        log(Describe(label, target, result));
    }

    private static string Describe(string label, string target, LoadResult result) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{target}: {label}: {result.RequestsPerSecond:0} req/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms ({result.Requests} ok, {result.Errors} errors)");
}
