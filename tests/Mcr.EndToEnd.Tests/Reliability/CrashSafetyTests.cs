using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Mcr.EndToEnd.Tests.Harness;

namespace Mcr.EndToEnd.Tests.Reliability;

/// <summary>
/// SIGKILL of a real <c>mcrsrv</c> during concurrent chunked and monolithic pushes, manifest deletes and GC,
/// again and again on the same data directory. After each restart: every manifest that got 201 (and was not
/// deleted) pulls byte-identical, every blob file matches its digest and every blob row has its file, and
/// every interrupted upload either resumes from the offset the server kept or answers 404
/// <c>BLOB_UPLOAD_UNKNOWN</c>. Bounded by <see cref="Rounds"/>; the kill times come from a fixed seed.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rounds = 5;
    private const int Pushers = 4;
    private const int Seed = 20261203;

    private readonly McrProcess _server = new();
    private IDisposable? _attached;

    public async Task InitializeAsync()
    {
        // Short enough that GC really collects the deleted images' blobs between kills.
        _server.Environment["MCR_GC_GRACE_PERIOD"] = "2s";
        await _server.InitializeAsync();
        _attached = _server.AttachOutput(output);
    }

    public async Task DisposeAsync()
    {
        _attached?.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task RepeatedSigkill_DuringPushesAndGc_LosesNothingAcknowledged()
    {
        var random = new Random(Seed);
        var committed = new ConcurrentDictionary<string, PushedImage>();
        long gcRuns = 0, resumed = 0, dropped = 0, interruptedTotal = 0;
        var clock = Stopwatch.StartNew();

        for (var round = 0; round < Rounds; round++)
        {
            var registry = await RegistryHttp.LoginAsync(_server);
            var interrupted = new ConcurrentBag<InterruptedUpload>();
            var killed = new CancellationTokenSource();
            var workers = Enumerable.Range(0, Pushers)
                .Select(p => Task.Run(() => PushUntilKilledAsync(registry, round, p, committed, interrupted, killed.Token)))
                .Append(Task.Run(() => CollectUntilKilledAsync(registry, () => Interlocked.Increment(ref gcRuns), killed.Token)))
                .ToList();

            await Task.Delay(random.Next(400, 1600));
            await killed.CancelAsync();
            await _server.KillAsync();
            await Task.WhenAll(workers);
            await _server.RestartAsync();

            registry = await RegistryHttp.LoginAsync(_server);
            foreach (var image in committed.Values)
            {
                await registry.AssertPullsBackAsync(image);
            }
            foreach (var upload in interrupted)
            {
                interruptedTotal++;
                if (await registry.ResumeAsync(upload))
                {
                    resumed++;
                    await registry.AssertBlobAsync(upload.Repository, upload.Content);
                }
                else
                {
                    dropped++;
                }
            }
            var disk = DataDirectoryCheck.Verify(_server.DataDirectory);
            output.WriteLine($"round {round + 1}: {committed.Count} images committed so far, {interrupted.Count} uploads interrupted, " +
                $"{disk.BlobFiles} blob files ({disk.OrphanFiles} without a row)");
        }

        output.WriteLine($"{Rounds} SIGKILLs in {clock.Elapsed.TotalSeconds:0.0} s: {committed.Count} acknowledged images pull intact, " +
            $"{interruptedTotal} interrupted uploads ({resumed} resumed, {dropped} answered 404), {gcRuns} GC runs between the kills");
        Assert.NotEmpty(committed);
        Assert.True(interruptedTotal > 0, "no kill interrupted an upload; the rounds are too short to test anything");
    }

    /// <summary>
    /// Pushes images (even pushers chunked, odd monolithic) and deletes the one before last, as CI does. Stops at
    /// the kill; an exception before it is a real failure. The upload in flight at the kill is reported.
    /// </summary>
    private static async Task PushUntilKilledAsync(RegistryHttp registry, int round, int pusher, ConcurrentDictionary<string, PushedImage> committed,
        ConcurrentBag<InterruptedUpload> interrupted, CancellationToken killed)
    {
        var repository = $"crash/app{pusher}";
        var chunked = pusher % 2 == 0;
        PushedImage? previous = null;
        for (var i = 0; !killed.IsCancellationRequested; i++)
        {
            var config = RandomNumberGenerator.GetBytes(200);
            var layer = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(256 * 1024, 1024 * 1024));
            string? location = null;
            byte[]? uploading = null;
            try
            {
                foreach (var blob in new[] { config, layer })
                {
                    uploading = blob;
                    location = await registry.StartUploadAsync(repository);
                    await registry.UploadAsync(location, blob, chunked, progress: next => location = next);
                    uploading = null;
                }
                var image = await registry.PushManifestAsync(repository, $"r{round}-{i}", config, [layer]);
                committed[image.Repository + ":" + image.Tag] = image;
                if (previous is not null)
                {
                    committed.TryRemove(previous.Repository + ":" + previous.Tag, out _);
                    await registry.DeleteManifestAsync(previous);
                }
                previous = image;
            }
            catch (Exception e) when (killed.IsCancellationRequested && e is HttpRequestException or IOException or TaskCanceledException)
            {
                if (uploading is not null && location is not null)
                {
                    interrupted.Add(new InterruptedUpload(repository, location, uploading));
                }
                return;
            }
        }
    }

    private static async Task CollectUntilKilledAsync(RegistryHttp registry, Action ran, CancellationToken killed)
    {
        while (!killed.IsCancellationRequested)
        {
            try
            {
                // Not cancelled by the token: the kill itself must end the request.
                using var response = await registry.Http.PostAsync("/v1/gc", null, CancellationToken.None);
                Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"POST /v1/gc answered {(int)response.StatusCode}");
                ran();
                await Task.Delay(50, killed);
            }
            catch (Exception e) when (killed.IsCancellationRequested && e is HttpRequestException or IOException or TaskCanceledException)
            {
                return;
            }
        }
    }
}
