using System.Net;
using System.Text;
using System.Text.Json;
using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Identity.Embedded;
using Mcr.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Admin;

/// <summary>Small steps for admin API tests: JSON bodies, status + body assertions, audit flushing.</summary>
public static class AdminApi
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sends a request with an optional raw JSON body.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = Json(json);
        }
        return await client.SendAsync(request);
    }

    /// <summary>Asserts the status and returns the parsed JSON body.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an <c>{"error": "..."}</c> body with this status; returns the message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? contains = null)
    {
        var body = await ReadAsync(response, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var message = body.GetProperty("error").GetString()!;
        Assert.False(string.IsNullOrEmpty(message));
        if (contains is not null)
        {
            Assert.Contains(contains, message, StringComparison.Ordinal);
        }
        return message;
    }

    /// <summary>GET a path and assert the error.</summary>
    public static async Task<string> AssertGetErrorAsync(HttpClient client, string path, HttpStatusCode status, string? contains = null)
    {
        using var response = await client.GetAsync(path);
        return await AssertErrorAsync(response, status, contains);
    }

    /// <summary>Writes every audit event recorded so far.</summary>
    public static Task FlushAuditAsync(McrTestServer server) => server.Services.GetRequiredService<AuditQueue>().FlushAsync();

    /// <summary>The admin account's id (the audit actor id).</summary>
    public static async Task<string> AdminIdAsync(McrTestServer server) =>
        (await server.Services.GetRequiredService<AccountService>().FindAsync(AccountService.BootstrapAdminUsername))!.Id;

    public static IEnumerable<JsonElement> Items(JsonElement body, string property) => body.GetProperty(property).EnumerateArray();

    /// <summary>
    /// Asserts that <paramref name="actual"/> is the JSON <paramref name="expected"/>: the same fields (none missing,
    /// none extra) with the same values, arrays in the same order; escaping and the order of fields do not count.
    /// </summary>
    public static void AssertJson(string expected, JsonElement actual)
    {
        var want = System.Text.Json.Nodes.JsonNode.Parse(expected);
        var got = System.Text.Json.Nodes.JsonNode.Parse(actual.GetRawText());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(want, got), $"expected {want?.ToJsonString()}\n     got {got?.ToJsonString()}");
    }

    /// <summary>Asserts that the object has exactly these properties (in any order): no field missing, none extra.</summary>
    public static void AssertFields(JsonElement value, params string[] names) =>
        Assert.Equal(names.Order(StringComparer.Ordinal), value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

    /// <summary>The property's value, which must be an RFC 3339 time.</summary>
    public static DateTimeOffset Time(JsonElement value, string property)
    {
        var text = value.GetProperty(property).GetString()!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", text);
        return DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
