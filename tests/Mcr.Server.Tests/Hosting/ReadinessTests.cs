using System.Net;
using System.Text.Json;

namespace Mcr.Server.Tests.Hosting;

/// <summary>
/// <c>/readyz</c> for load balancers: ready once started; on a stop it answers 503 "draining" for
/// <c>server.drain_delay</c> while every other request is still served, and only then do the listeners close.
/// </summary>
public sealed class ReadinessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Started_IsReady_WithoutCredentials()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var anonymous = server.CreateClient();

        using var response = await anonymous.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("ok", body.RootElement.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task Stopping_AnswersDraining_ForTheDrainDelay_WhileOtherRequestsAreStillServed()
    {
        var drainDelay = TimeSpan.FromSeconds(3);
        await using var server = await McrTestServer.StartAsync(output, options => options.Server.DrainDelay = drainDelay);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        var started = DateTime.UtcNow;

        var stopping = server.StopAsync();

        using (var readiness = await admin.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
            using var body = JsonDocument.Parse(await readiness.Content.ReadAsStringAsync());
            Assert.Equal("draining", body.RootElement.GetProperty("status").GetString());
        }
        using (var ping = await admin.GetAsync("/v2/"))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }
        Assert.False(stopping.IsCompleted, "the stop finished before the drain delay");
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(DateTime.UtcNow - started >= drainDelay - TimeSpan.FromMilliseconds(100), "the listeners closed before the drain delay");
    }
}
