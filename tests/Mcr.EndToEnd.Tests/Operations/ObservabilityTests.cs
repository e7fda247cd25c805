using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Skopeo;

namespace Mcr.EndToEnd.Tests.Operations;

/// <summary>
/// SPEC §16 against the real <c>mcrsrv</c> process (in CI the Native AOT binary), as the README tells an
/// operator to use it: Prometheus scraping <c>/metrics</c> with a system account's token, and JSON log lines
/// on standard output that carry the request id the client was answered with.
/// </summary>
public sealed class ObservabilityTests(McrProcess server, ITestOutputHelper output) : IClassFixture<McrProcess>, IDisposable
{
    private readonly IDisposable _attached = server.AttachOutput(output);

    [Fact]
    public async Task Metrics_ScrapedWithASystemGuestAccountsToken()
    {
        Expect.Success(await server.RunCommandAsync(null, "account", "add", "prometheus", "--type", "system", "--role", "guest"), "mcrsrv account add");
        var issued = await server.RunCommandAsync(null, "account", "token", "prometheus");
        Expect.Success(issued, "mcrsrv account token");
        using var http = server.CreateHttpClient();

        using var anonymous = await http.GetAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issued.StandardOutput.Trim());
        using var scraped = await http.SendAsync(request);
        var text = await scraped.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("http_server_request_duration_seconds_count{", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/v1/health\"", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_AreJsonLines_AndAFailedLoginsLineCarriesTheRequestIdOfItsAnswer()
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=mcr");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:wrong-password"u8.ToArray()));

        using var response = await http.SendAsync(request);
        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        var line = await WaitForLineAsync(id);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Equal(1101, root.GetProperty("EventId").GetInt32());
        Assert.StartsWith("Login failed for admin", root.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("Timestamp").GetString(), out _));
        Assert.Contains(root.GetProperty("Scopes").EnumerateArray(), scope =>
            scope.TryGetProperty("RequestId", out var value) && value.GetString() == id);
        Assert.DoesNotContain("wrong-password", server.Output, StringComparison.Ordinal);
        // Everything the logger wrote parses; the start-up banner is plain text on purpose.
        var logLines = server.Output.Split('\n').Where(l => l.StartsWith('{')).ToList();
        Assert.NotEmpty(logLines);
        Assert.All(logLines, l => JsonDocument.Parse(l).Dispose());
    }

    public void Dispose() => _attached.Dispose();

    /// <summary>The console logger writes from a queue of its own: wait for the line to reach the output.</summary>
    private async Task<string> WaitForLineAsync(string requestId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var line = server.Output.Split('\n').FirstOrDefault(l => l.Contains(requestId, StringComparison.Ordinal) && l.Contains("Login failed", StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no log line carries request id {requestId}; the server printed:\n{server.Output}");
            await Task.Delay(100);
        }
    }
}
