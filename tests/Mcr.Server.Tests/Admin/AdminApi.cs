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
}
