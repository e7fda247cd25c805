using Mcr.Server.Tests.Hosting;
using Mcr.Testing.Fuzzing;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mcr.Server.Tests.Fuzzing.Routes;

/// <summary>
/// Generated and mutated requests to every route of the real server (Kestrel over TLS, real database and
/// storage), as an administrator mostly, so they reach the handlers: no answer is a 5xx, every client error
/// body has its API's shape (<see cref="ResponseContract"/>), and nothing is logged as an error.
/// </summary>
public sealed class RouteFuzzTests(ITestOutputHelper output)
{
    /// <summary>The seeded content is pushed again this often, in case a generated DELETE removed it.</summary>
    private const int ReseedEvery = 100;

    [Fact]
    public async Task EveryRoute_GeneratedRequests_KeepTheResponseContract()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await McrTestServer.StartAsync(allLogs: logs);
        var token = await server.GetTokenAsync();
        using var admin = server.CreateClient(token);
        using var client = server.CreateClient();
        var sender = new FuzzRequestSender(server, token);
        var sent = 0;
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);

        await Fuzz.CheckAsync(nameof(RouteFuzzTests), FuzzRequests.All, 600, output.WriteLine, async fuzz =>
        {
            if (sent++ % ReseedEvery == 0)
            {
                sender.UploadId = await SeededContent.PushAsync(admin);
            }
            using var request = sender.Build(fuzz);
            using var response = await SendAsync(client, request);
            if (response is null)
            {
                statuses["request line too long (connection closed)"] = statuses.GetValueOrDefault("request line too long (connection closed)") + 1;
                return;
            }
            var emptyClientError = await ResponseContract.CheckAsync(request, response);
            var key = $"{fuzz.Route} {(int)response.StatusCode}{(emptyClientError ? " (no body)" : "")}";
            statuses[key] = statuses.GetValueOrDefault(key) + 1;
        });

        output.WriteLine("answers by route and status: " + string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}")));
        var errors = logs.Messages.Where(m => m.StartsWith("Error ", StringComparison.Ordinal) || m.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} errors logged:\n{string.Join('\n', errors.Take(5))}");
    }

    /// <summary>
    /// Sends the request; null when Kestrel refused a request line over its limit by closing the
    /// connection while the client was still writing (it answers 414 first, which the client may not read).
    /// </summary>
    private static async Task<HttpResponseMessage?> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var lineLength = request.Method.Method.Length + request.RequestUri!.PathAndQuery.Length + " HTTP/1.1".Length + 1;
        try
        {
            return await client.SendAsync(request);
        }
        catch (HttpRequestException) when (lineLength > new KestrelServerLimits().MaxRequestLineSize)
        {
            return null;
        }
    }
}
