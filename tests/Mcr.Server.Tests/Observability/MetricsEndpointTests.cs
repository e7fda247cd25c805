using System.Net;
using System.Net.Http.Headers;
using Mcr.Core.Identity;
using Mcr.Core.Manifests;
using Mcr.Infrastructure.Audit;
using Mcr.Server.Tests.Admin;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Observability;

/// <summary>
/// Runs alone, after the parallel tests: every test server in this process exports what every live server
/// records, so exact counts hold only while one server runs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics (alone)";
}

/// <summary>
/// <c>GET /metrics</c> (SPEC §16) through the real server: who may scrape it, and that requests, bytes,
/// uploads and GC runs are counted exactly once, with no repository name in any label.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests(ITestOutputHelper output)
{
    private const string ManifestRoute = "/v2/{**path:oci(manifest)}";

    [Fact]
    public async Task Scrape_BySystemGuestAccount_PrometheusTextWithHttpKestrelRuntimeAndMcrFamilies()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var anonymous = server.CreateClient();
        using var denied = await anonymous.GetAsync("/metrics");
        using var scraper = await server.CreateClientForNewAccountAsync("prometheus", "guest", AccountType.System);

        using var response = await scraper.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        using var posted = await scraper.PostAsync("/metrics", null);
        using var deleted = await scraper.DeleteAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, posted.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("kestrel_active_connections", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_CountedByRouteMethodAndStatus_WithoutRepositoryNames()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        const string repository = "private-team/secret-project";
        for (var i = 0; i < 3; i++)
        {
            using var missing = await admin.GetAsync($"/v2/{repository}/manifests/latest");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        using var head = new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/manifests/latest");
        using var headResponse = await admin.SendAsync(head);

        var scrape = await PrometheusScrape.ScrapeAsync(admin, s => Count(s, "GET", "404") >= 3 && Count(s, "HEAD", "404") >= 1);

        Assert.Equal(3, Count(scrape, "GET", "404"));
        Assert.Equal(1, Count(scrape, "HEAD", "404"));
        Assert.DoesNotContain("secret-project", scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("private-team", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlobAndManifestBytes_CountedOnceEachWay_AndUploadsByOutcome()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        var oci = new OciTestClient(admin);
        var manifests = new ManifestTestClient(oci);
        var monolithic = OciTestClient.RandomBytes(300_000);
        var chunked = OciTestClient.RandomBytes(200_000);

        var config = await manifests.PushBlobAsync("metrics/app", OciTestClient.RandomBytes(64), ManifestMediaTypes.OciImageConfig);
        var layer = await manifests.PushBlobAsync("metrics/app", monolithic);
        await PushInTwoChunksAsync(oci, "metrics/app", chunked);
        await PushWithWrongDigestAsync(oci, "metrics/app", OciTestClient.RandomBytes(1_000));
        var manifest = await manifests.PushManifestAsync("metrics/app", TestManifests.Image(config, [layer]), ManifestMediaTypes.OciManifest, "v1");
        var received = 64 + monolithic.Length + chunked.Length + 1_000;

        Assert.Equal(monolithic, await admin.GetByteArrayAsync($"/v2/metrics/app/blobs/{layer.Digest}"));
        using (var range = new HttpRequestMessage(HttpMethod.Get, $"/v2/metrics/app/blobs/{layer.Digest}"))
        {
            range.Headers.Range = new RangeHeaderValue(100, 109);
            using var partial = await admin.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(10, (await partial.Content.ReadAsByteArrayAsync()).Length);
        }
        using (var head = new HttpRequestMessage(HttpMethod.Head, $"/v2/metrics/app/blobs/{layer.Digest}"))
        {
            using var headResponse = await admin.SendAsync(head);
            Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
        }
        Assert.Equal(manifest.Content, await admin.GetByteArrayAsync("/v2/metrics/app/manifests/v1"));
        using (var head = new HttpRequestMessage(HttpMethod.Head, "/v2/metrics/app/manifests/v1"))
        {
            using var headResponse = await admin.SendAsync(head);
            Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
        }

        var scrape = await PrometheusScrape.ScrapeAsync(admin, s =>
            s.Value("mcr_sent_bytes_total", ("content", "blob")) >= monolithic.Length + 10
            && s.Value("mcr_sent_bytes_total", ("content", "manifest")) >= manifest.Content.Length);

        Assert.Equal(received, scrape.Value("mcr_received_bytes_total", ("content", "blob")));
        Assert.Equal(monolithic.Length + 10, scrape.Value("mcr_sent_bytes_total", ("content", "blob")));
        Assert.Equal(manifest.Content.Length, scrape.Value("mcr_received_bytes_total", ("content", "manifest")));
        Assert.Equal(manifest.Content.Length, scrape.Value("mcr_sent_bytes_total", ("content", "manifest")));
        Assert.Equal(3, scrape.Value("mcr_upload_duration_seconds_count", ("outcome", "committed")));
        Assert.Equal(1, scrape.Value("mcr_upload_duration_seconds_count", ("outcome", "digest_invalid")));
        Assert.True(scrape.Value("mcr_upload_duration_seconds_sum") > 0);
    }

    [Fact]
    public async Task GcRuns_RecordDurationByKindAndOutcome_FreedBytesAndBlobs()
    {
        await using var server = await McrTestServer.StartAsync(output, options => options.Gc.GracePeriod = TimeSpan.Zero);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        var image = await GcTestImage.PushAsync(admin, "metrics/doomed", "v1", OciTestClient.RandomBytes(64), OciTestClient.RandomBytes(5_000));
        using (var deleted = await admin.DeleteAsync($"/v1/repositories/{image.Repository}"))
        {
            Assert.True(deleted.IsSuccessStatusCode, $"repository delete answered {(int)deleted.StatusCode}");
        }

        await GcTestSteps.RunGcAsync(server, admin);
        await GcTestSteps.RunGcAsync(server, admin, "/v1/gc/reconcile");
        var scrape = await PrometheusScrape.ScrapeAsync(admin, s => s.Value("mcr_gc_duration_seconds_count") >= 2);

        Assert.Equal(1, scrape.Value("mcr_gc_duration_seconds_count", ("kind", "gc"), ("outcome", "completed")));
        Assert.Equal(1, scrape.Value("mcr_gc_duration_seconds_count", ("kind", "reconcile"), ("outcome", "completed")));
        Assert.Equal(2, scrape.Value("mcr_gc_blobs_removed_total"));
        Assert.Equal(64 + 5_000, scrape.Value("mcr_gc_freed_bytes_total"));
    }

    [Fact]
    public async Task AuditQueue_WrittenDroppedAndQueued_AreObservedAtEachScrape()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        var manifests = new ManifestTestClient(new OciTestClient(admin));
        await manifests.PushImageAsync("metrics/audited", "v1");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v2/metrics/audited/manifests/v1")).StatusCode);
        }
        var queue = server.Services.GetRequiredService<AuditQueue>();
        await queue.FlushAsync();

        var scrape = await PrometheusScrape.ScrapeAsync(admin, s => s.Value("mcr_audit_written_total") == queue.WrittenCount);

        Assert.True(queue.WrittenCount >= 8, $"{queue.WrittenCount} audit events written"); // 2 uploads, 1 push, 5 pulls, the login
        Assert.Equal(queue.WrittenCount, scrape.Value("mcr_audit_written_total"));
        Assert.Contains("# TYPE mcr_audit_dropped_total counter", scrape.Text, StringComparison.Ordinal);
        Assert.Equal(0, scrape.Value("mcr_audit_dropped_total"));
        Assert.Contains("# TYPE mcr_audit_queued gauge", scrape.Text, StringComparison.Ordinal);
        Assert.Equal(0, scrape.Value("mcr_audit_queued"));
    }

    private static double Count(PrometheusScrape scrape, string method, string status) =>
        scrape.Value("http_server_request_duration_seconds_count",
            ("http_route", ManifestRoute), ("http_request_method", method), ("http_response_status_code", status));

    /// <summary>POST, two PATCHes with their Content-Range, then the closing PUT with the digest.</summary>
    private static async Task PushInTwoChunksAsync(OciTestClient oci, string repository, byte[] content)
    {
        var location = await oci.StartUploadAsync(repository);
        var half = content.Length / 2;
        foreach (var (start, length) in new[] { (0, half), (half, content.Length - half) })
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, location)
            {
                Content = OciTestClient.Octets(content[start..(start + length)], $"{start}-{start + length - 1}"),
            };
            using var response = await oci.Http.SendAsync(patch);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            location = response.Headers.Location!.OriginalString;
        }
        using var put = await oci.Http.PutAsync(OciTestClient.WithDigest(location, OciTestClient.DigestOf(content)), null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    private static async Task PushWithWrongDigestAsync(OciTestClient oci, string repository, byte[] content)
    {
        var location = await oci.StartUploadAsync(repository);
        using var put = await oci.Http.PutAsync(OciTestClient.WithDigest(location, OciTestClient.DigestOf([1, 2, 3])), OciTestClient.Octets(content));
        await OciTestClient.AssertErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }
}
