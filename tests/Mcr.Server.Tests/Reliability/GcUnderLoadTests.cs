using System.Diagnostics;
using System.Net;
using Mcr.Infrastructure.Gc;
using Mcr.Server.Tests.Admin;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;
using Microsoft.Extensions.DependencyInjection;
using static Mcr.Server.Tests.Admin.GcTestSteps;

namespace Mcr.Server.Tests.Reliability;

/// <summary>
/// GC back to back while parallel pushers push images that share layers, HEAD first and skipping what
/// exists, and delete their older images by manifest digest (the CI flow that makes shared layers garbage
/// again and again). Nothing that got 201 is lost, nothing answers 5xx, and the garbage really goes. With a
/// grace period every push completes; with none, GC may take a layer a push had seen, which the push then
/// answers with <c>MANIFEST_BLOB_UNKNOWN</c> and retries (or, GC running back to back, gives up).
/// </summary>
public sealed class GcUnderLoadTests(ITestOutputHelper output)
{
    private const int Pushers = 6;
    private const int MaxImagesPerPusher = 60;
    private static readonly TimeSpan _pushBudget = TimeSpan.FromSeconds(6);

    [Theory]
    [InlineData(0)]
    [InlineData(2000)]
    public async Task PushersSkippingExistingLayers_RacingBackToBackGc_LoseNothing(int graceMilliseconds)
    {
        var grace = TimeSpan.FromMilliseconds(graceMilliseconds);
        await using var server = await McrTestServer.StartAsync(output, options => options.Gc.GracePeriod = grace);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        var coordinator = server.Services.GetRequiredService<GcCoordinator>();
        var shared = Enumerable.Range(0, 6).Select(i => OciTestClient.RandomBytes(2048 + i)).ToArray();
        var pusher = new SkippingPusher(admin);
        using var pushesDone = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        long runs = 0, blobsFreed = 0;
        var gc = Task.Run(async () =>
        {
            while (!pushesDone.IsCancellationRequested)
            {
                using var response = await admin.PostAsync("/v1/gc", null);
                Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"POST /v1/gc answered {(int)response.StatusCode}");
                await coordinator.WaitForIdleAsync();
                var last = (await GetStatusAsync(admin)).GetProperty("last_run");
                Assert.True(last.GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.Null, $"GC failed: {last}");
                runs++;
                blobsFreed += last.GetProperty("blobs_removed").GetInt64();
            }
        });
        var pushed = 0;
        var pushes = Enumerable.Range(0, Pushers).Select(p => Task.Run(async () =>
        {
            var repository = $"load/app{p % 3}";
            var kept = new List<GcTestImage>();
            for (var i = 0; i < MaxImagesPerPusher && clock.Elapsed < _pushBudget; i++)
            {
                var layers = new[] { shared[(p + i) % shared.Length], shared[(p + 2 * i + 1) % shared.Length], OciTestClient.RandomBytes(512 + i) };
                if (await pusher.PushAsync(repository, $"p{p}-{i}", OciTestClient.RandomBytes(100 + p), layers) is not { } image)
                {
                    continue;
                }
                kept.Add(image);
                Interlocked.Increment(ref pushed);
                if (kept.Count > 2)
                {
                    using var deleted = await admin.DeleteAsync($"/v2/{repository}/manifests/{kept[0].Manifest.Digest}");
                    Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
                    kept.RemoveAt(0);
                }
            }
            return kept;
        })).ToList();

        var survivors = (await Task.WhenAll(pushes)).SelectMany(k => k).ToList();
        await pushesDone.CancelAsync();
        await gc;
        var elapsed = clock.Elapsed;
        await Task.Delay(grace + TimeSpan.FromMilliseconds(100));
        await RunGcAsync(server, admin);

        output.WriteLine($"grace {graceMilliseconds} ms: {pushed} pushes by {Pushers} pushers in {elapsed.TotalSeconds:0.0} s beside {runs} GC runs " +
            $"({blobsFreed} blobs freed); {pusher.Uploaded} uploads, {pusher.Skipped} blobs skipped as present, {pusher.Retries} manifest retries, {pusher.Abandoned} pushes given up after {SkippingPusher.MaxAttempts} attempts");
        Assert.True(runs > 0 && pushed > 0);
        if (grace > TimeSpan.Zero)
        {
            Assert.Equal(0, pusher.Abandoned);
        }
        foreach (var image in survivors)
        {
            await image.AssertPullsBackAsync(admin);
        }
        var distinct = survivors.SelectMany(i => i.Blobs).Select(b => OciTestClient.DigestOf(b)).Distinct().Count();
        Assert.Equal(distinct, LayersFiles(server));
    }
}
