using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// The registry with MCIAS as its identity service (a fake one on loopback speaking SPEC §4): what a caller
/// gets when the service accepts, refuses or cannot be reached. Unreachable must never look like bad
/// credentials (a 401 makes clients drop good ones).
/// </summary>
public sealed class IdentityServiceAnswersTests(ITestOutputHelper output) : IAsyncLifetime
{
    private MciasBackedServer _registry = null!;

    public async Task InitializeAsync() => _registry = await MciasBackedServer.StartAsync(output, mcias =>
    {
        mcias.AddUser("alice", "alice-password", ["user"]);
        mcias.AddUser("mallory", "mallory-password", ["user"], deniedWith: "account not allowed on this service", denied: true);
    });

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Accepted_BasicAndBearer_Open_V2()
    {
        using var client = _registry.Server.CreateClient();
        using var basic = await GetAsync(client, "/v2/", Basic("alice", "alice-password"));
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);

        using var token = await GetAsync(client, "/v2/token?service=mcr", Basic("alice", "alice-password"));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        using var json = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        using var bearer = await GetAsync(client, "/v2/", new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("token").GetString()));
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
    }

    [Fact]
    public async Task WrongPassword_Is401WithChallenge()
    {
        using var client = _registry.Server.CreateClient();
        using var response = await GetAsync(client, "/v2/", Basic("alice", "wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(("UNAUTHORIZED", "invalid credentials"), await OciErrorAsync(response));
    }

    [Fact]
    public async Task RefusedLogin_Is403Denied_WithTheServicesReason_NoChallenge()
    {
        using var client = _registry.Server.CreateClient();
        using var response = await GetAsync(client, "/v2/", Basic("mallory", "mallory-password"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
        var (code, message) = await OciErrorAsync(response);
        Assert.Equal("DENIED", code);
        Assert.Contains("account not allowed on this service", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("bearer")]
    public async Task Unreachable_Is503Unavailable_On_V2_NotA401(string credentials)
    {
        using var client = _registry.Server.CreateClient();
        _registry.Mcias.ForcedStatus = 502;
        var header = credentials == "basic"
            ? Basic("alice", "alice-password")
            : new AuthenticationHeaderValue("Bearer", "a-token-the-registry-has-never-seen");

        using var response = await GetAsync(client, "/v2/", header);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Equal("UNAVAILABLE", (await OciErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Unreachable_Is503_WithTheAdminErrorBody_Off_V2()
    {
        using var client = _registry.Server.CreateClient();
        _registry.Mcias.ForcedStatus = 502;

        using var response = await GetAsync(client, "/v1/repositories", Basic("alice", "alice-password"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("unavailable", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return await client.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    private static async Task<(string Code, string Message)> OciErrorAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("errors")[0];
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }
}
