using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Mcr.Bench.Reporting;
using Mcr.Bench.Servers;

namespace Mcr.Bench.Workloads;

/// <summary>
/// Catalog and tag-list latency with N repositories and N tags. Population goes through the API: one small
/// config blob pushed once, then per repository a cross-repository mount of it plus a manifest PUT, and per
/// tag a manifest PUT, with 32 requests in flight. A listing is timed as the full walk with <c>n=1000</c>,
/// following <c>Link</c> to the last page (MCR caps a page at 1,000), median of N.
/// </summary>
internal static class ListingWorkload
{
    private const string Section = "Listing";
    private const string Seed = "bench/seed";
    private const string TagRepository = "bench/tags";
    private const int PageSize = 1000;

    public static async Task RunAsync(IReadOnlyList<BenchTarget> targets, BenchOptions options, BenchReport report, Action<string> log)
    {
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"bench":"listing"}""");
        var digest = OciClient.Sha256(config);
        var manifest = OciClient.ImageManifest(digest, config.Length);
        var count = options.ListingCount;
        var countLabel = count.ToString("#,0", CultureInfo.InvariantCulture);
        foreach (var target in targets)
        {
            using var client = target.CreateClient(options.PopulateConcurrency, TimeSpan.FromMinutes(2));
            var location = await OciClient.StartUploadAsync(client, Seed, CancellationToken.None);
            using (var content = new ByteArrayContent(config))
            using (var put = await client.PutAsync(new Uri($"{location}{(location.Query.Length == 0 ? "?" : "&")}digest={digest}"), content))
            {
                await OciClient.ExpectAsync(put, HttpStatusCode.Created, "seed blob PUT");
            }

            var clock = Stopwatch.StartNew();
            await ForEachAsync(count, options.PopulateConcurrency, async i =>
            {
                var repository = string.Create(CultureInfo.InvariantCulture, $"bench/repo-{i:D5}");
                await OciClient.MountOrPushAsync(client, repository, Seed, config, digest, CancellationToken.None);
                await OciClient.PutManifestAsync(client, repository, "v1", manifest, CancellationToken.None);
            });
            var repositorySeconds = clock.Elapsed.TotalSeconds;
            report.Set(Section, $"populate {countLabel} repositories (mount + manifest PUT, ×{options.PopulateConcurrency})", "s", false, target.Name, repositorySeconds);

            await OciClient.MountOrPushAsync(client, TagRepository, Seed, config, digest, CancellationToken.None);
            clock.Restart();
            await ForEachAsync(count, options.PopulateConcurrency, i =>
                OciClient.PutManifestAsync(client, TagRepository, string.Create(CultureInfo.InvariantCulture, $"t-{i:D5}"), manifest, CancellationToken.None));
            var tagSeconds = clock.Elapsed.TotalSeconds;
            report.Set(Section, $"populate {countLabel} tags (manifest PUT, ×{options.PopulateConcurrency})", "s", false, target.Name, tagSeconds);
            log(string.Create(CultureInfo.InvariantCulture, $"{target.Name}: populated {count} repositories in {repositorySeconds:0.0} s, {count} tags in {tagSeconds:0.0} s"));
        }

        foreach (var (metric, path, minimum) in new[]
        {
            ($"catalog, {countLabel}+ repositories (full walk, n={PageSize})", "/v2/_catalog", count),
            ($"tag list, {countLabel} tags (full walk, n={PageSize})", $"/v2/{TagRepository}/tags/list", count),
        })
        {
            var samples = targets.ToDictionary(t => t.Name, _ => new List<double>());
            var pages = new Dictionary<string, int>();
            var clients = targets.ToDictionary(t => t.Name, t => t.CreateClient(1, TimeSpan.FromMinutes(5)));
            try
            {
                for (var i = 0; i <= options.ListingIterations; i++)
                {
                    foreach (var target in targets)
                    {
                        var clock = Stopwatch.StartNew();
                        var (items, pageCount) = await WalkAsync(clients[target.Name], path);
                        var elapsed = clock.Elapsed.TotalMilliseconds;
                        if (items < minimum)
                        {
                            throw new InvalidOperationException($"{target.Name} listed {items} entries at {path}, expected at least {minimum}");
                        }
                        pages[target.Name] = pageCount;
                        if (i > 0)
                        {
                            samples[target.Name].Add(elapsed); // the first walk warms caches and connections
                        }
                    }
                }
            }
            finally
            {
                foreach (var client in clients.Values)
                {
                    client.Dispose();
                }
            }
            foreach (var (target, values) in samples)
            {
                var median = BlobWorkload.Median(values);
                report.Set(Section, metric, "ms", false, target, median);
                log(string.Create(CultureInfo.InvariantCulture, $"{target}: {metric}: median {median:0.0} ms over {pages[target]} page(s)"));
            }
        }
    }

    /// <summary>Lists every entry of a paginated listing; the number of entries and of pages.</summary>
    private static async Task<(int Items, int Pages)> WalkAsync(HttpClient client, string path)
    {
        Uri? next = new(client.BaseAddress!, $"{path}?n={PageSize}");
        var items = 0;
        var pages = 0;
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            await OciClient.ExpectAsync(response, HttpStatusCode.OK, "listing");
            var body = await response.Content.ReadAsByteArrayAsync();
            using var document = System.Text.Json.JsonDocument.Parse(body);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == System.Text.Json.JsonValueKind.Array)
                {
                    items += property.Value.GetArrayLength();
                }
            }
            pages++;
            next = OciClient.NextLink(client, response);
        }
        return (items, pages);
    }

    private static Task ForEachAsync(int count, int concurrency, Func<int, Task> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await body(i));
}
