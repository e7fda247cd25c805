using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Admin;

/// <summary>Steps of the account tests: create through the API, log in, call with a token.</summary>
public static class AccountApi
{
    public const string Password = "a-password-long-enough";

    /// <summary>POSTs the account (asserts 201) and returns its body.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient admin, string json)
    {
        using var response = await AdminApi.SendAsync(admin, HttpMethod.Post, "/v1/accounts", json);
        return await AdminApi.ReadAsync(response, HttpStatusCode.Created);
    }

    /// <summary>The status of <c>POST /v1/auth/login</c> with these credentials, and the token on success.</summary>
    public static async Task<(HttpStatusCode Status, string? Token)> LoginAsync(McrTestServer server, string username, string password)
    {
        using var client = server.CreateClient();
        using var response = await AdminApi.SendAsync(client, HttpMethod.Post, "/v1/auth/login",
            new JsonObject { ["username"] = username, ["password"] = password }.ToJsonString());
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("token").GetString());
    }

    /// <summary>The status of a GET with this bearer token.</summary>
    public static async Task<HttpStatusCode> StatusWithTokenAsync(McrTestServer server, string token, string path)
    {
        using var client = server.CreateClient(token);
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }
}
