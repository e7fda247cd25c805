using System.Net;
using Mcr.Infrastructure.Gc;
using Mcr.Infrastructure.Registry;
using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;
using Microsoft.Extensions.DependencyInjection;
using static Mcr.Server.Tests.Admin.GcTestSteps;

namespace Mcr.Server.Tests.Admin;

public sealed class GcConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ConcurrentPushes_RacingRepeatedGcWithZeroGrace_LoseNothing()
    {
        await using var server = await McrTestServer.StartAsync(output, options => options.Gc.GracePeriod = TimeSpan.Zero);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        var coordinator = server.Services.GetRequiredService<GcCoordinator>();
        var repositories = server.Services.GetRequiredService<IRepositoryStore>();
        var sharedA = OciTestClient.RandomBytes(4096);
        var sharedB = OciTestClient.RandomBytes(2048);
        // One layer per push that is also garbage again and again until that push links it.
        var contested = Enumerable.Range(0, 20).Select(i => OciTestClient.RandomBytes(512 + i)).ToArray();
        using var pushesDone = new CancellationTokenSource();

        // Garbage that shares layers with the pushes: pushed into a throw-away repository which is then
        // deleted, so GC keeps finding the shared layers unreferenced while pushes upload them again.
        var trash = Task.Run(async () =>
        {
            for (var i = 0; !pushesDone.IsCancellationRequested; i++)
            {
                await GcTestImage.PushAsync(admin, $"trash/t{i}", "v1", OciTestClient.RandomBytes(32), [sharedA, sharedB, .. contested]);
                await repositories.DeleteAsync($"trash/t{i}");
            }
        });
        var collections = 0;
        var gc = Task.Run(async () =>
        {
            while (!pushesDone.IsCancellationRequested)
            {
                using var response = await admin.PostAsync("/v1/gc", null);
                Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"POST /v1/gc answered {(int)response.StatusCode}");
                await coordinator.WaitForIdleAsync();
                collections++;
            }
        });
        var pushes = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
        {
            var layers = new List<byte[]> { OciTestClient.RandomBytes(1024 + i), contested[i] };
            if (i % 2 == 0)
            {
                layers.Add(sharedA);
            }
            if (i % 3 == 0)
            {
                layers.Add(sharedB);
            }
            return GcTestImage.PushAsync(admin, $"race/app{i % 7}", $"v{i}", OciTestClient.RandomBytes(100 + i), [.. layers]);
        })).ToList();

        var images = await Task.WhenAll(pushes);
        await pushesDone.CancelAsync();
        await Task.WhenAll(trash, gc);
        await RunGcAsync(server, admin);

        output.WriteLine($"{collections} GC runs raced the pushes");
        Assert.True(collections > 0);
        foreach (var image in images)
        {
            await image.AssertPullsBackAsync(admin);
        }
        // And the garbage is really gone: exactly the pushed images' distinct blobs remain on disk.
        var distinct = images.SelectMany(i => i.Blobs).Select(b => OciTestClient.DigestOf(b)).Distinct().Count();
        Assert.Equal(distinct, LayersFiles(server));
    }
}
