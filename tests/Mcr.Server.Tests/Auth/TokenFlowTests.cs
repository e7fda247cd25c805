using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Auth;

public sealed class TokenFlowTests(ITestOutputHelper output) : IAsyncLifetime
{
    private McrTestServer _server = null!;

    public async Task InitializeAsync() => _server = await McrTestServer.StartAsync(output);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ping_WithoutCredentials_Is401WithAbsoluteRealm()
    {
        using var client = _server.CreateClient();
        using var response = await client.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains($"realm=\"{_server.BaseAddress.GetLeftPart(UriPartial.Authority)}/v2/token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("service=\"mcr\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
        await AssertOciErrorAsync(response, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Challenge_OnRepositoryPath_CarriesScope()
    {
        using var client = _server.CreateClient();
        using var response = await client.GetAsync("/v2/org/team/app/manifests/latest");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("scope=\"repository:org/team/app:pull\"", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Challenge_UsesExternalUrl_WhenConfigured()
    {
        await using var server = await McrTestServer.StartAsync(output, o => o.Server.ExternalUrl = "https://registry.example.com/");
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/v2/");

        Assert.Contains("realm=\"https://registry.example.com/v2/token\"", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "https://registry.example.com/v2/token")]
    [InlineData("127.0.0.0/8", "https://registry.example.com/v2/token")]
    [InlineData("10.0.0.0/8", null)]
    public async Task Challenge_ForwardedHeaders_BelievedOnlyFromTrustedProxies(string trusted, string? expectedRealm)
    {
        await using var server = await McrTestServer.StartAsync(output, o => o.Server.TrustedProxies = [trusted]);
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "registry.example.com");
        using var response = await client.SendAsync(request);
        var realm = expectedRealm ?? $"{server.BaseAddress.GetLeftPart(UriPartial.Authority)}/v2/token";
        Assert.Contains($"realm=\"{realm}\"", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenEndpoint_WithBasicCredentials_ReturnsTokenThatOpensV2()
    {
        using var client = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=mcr&scope=repository:a:pull&scope=repository:b:push");
        request.Headers.Authorization = McrTestServer.Basic("admin", McrTestServer.AdminPassword);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString()!;
        Assert.Equal(token, body.RootElement.GetProperty("access_token").GetString());
        Assert.True(body.RootElement.GetProperty("expires_in").GetInt64() > 3600);
        Assert.True(DateTimeOffset.TryParse(body.RootElement.GetProperty("issued_at").GetString(), out _));

        using var authed = _server.CreateClient(token);
        using var ping = await authed.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal("{}", await ping.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("admin", "wrong-password")]
    [InlineData("nobody", "whatever-password")]
    public async Task TokenEndpoint_WithBadCredentials_Is401(string username, string password)
    {
        using var client = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token");
        request.Headers.Authorization = McrTestServer.Basic(username, password);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        await AssertOciErrorAsync(response, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic !!!not-base64")]
    [InlineData("Basic Zm9v")] // "foo": no colon
    [InlineData("Bearer abc")]
    public async Task TokenEndpoint_WithoutUsableCredentials_Is401(string? header)
    {
        using var client = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertOciErrorAsync(response, "UNAUTHORIZED");
    }

    [Fact]
    public async Task TokenEndpoint_PasswordGrantForm_ReturnsAccessToken()
    {
        using var client = _server.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "admin",
            ["password"] = McrTestServer.AdminPassword,
            ["client_id"] = "containerd-client",
            ["scope"] = "repository:a:pull repository:b:pull,push",
            ["service"] = "mcr",
        });
        using var response = await client.PostAsync("/v2/token", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task TokenEndpoint_UnsupportedGrant_Is400()
    {
        using var client = _server.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        using var response = await client.PostAsync("/v2/token", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TokenEndpoint_TokenAsPassword_IsAccepted()
    {
        var token = await _server.GetTokenAsync();
        var again = await _server.GetTokenAsync("ci-bot", token);

        using var client = _server.CreateClient(again);
        using var response = await client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task V2_WithBasicCredentialsDirectly_IsAccepted()
    {
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = McrTestServer.Basic("admin", McrTestServer.AdminPassword);
        using var response = await client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    [InlineData("Digest foo")]
    [InlineData("Bearer ")]
    [InlineData("Basic !!!not-base64")]
    [InlineData("Basic bm8tY29sb24=")] // "no-colon"
    public async Task V2_WithInvalidAuthorization_Is401WithChallenge(string header)
    {
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        using var response = await client.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await AssertOciErrorAsync(response, "UNAUTHORIZED");
        Assert.Equal("invalid credentials", await OciErrorMessageAsync(response));
    }

    [Theory]
    [InlineData(null, "authentication required")]
    [InlineData("Bearer not-a-token", "invalid credentials")]
    public async Task V1_WithoutValidCredentials_Is401WithTheAdminErrorBody(string? header, string error)
    {
        using var client = _server.CreateClient();
        if (header is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        }
        using var response = await client.GetAsync("/v1/repositories");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(error, body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Login_ThenLogout_RevokesToken()
    {
        using var client = _server.CreateClient();
        using var login = await client.PostAsync("/v1/auth/login",
            new StringContent($"{{\"username\":\"admin\",\"password\":\"{McrTestServer.AdminPassword}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString()!;
        Assert.True(body.RootElement.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        using var authed = _server.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await authed.GetAsync("/v2/")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await authed.PostAsync("/v1/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await authed.GetAsync("/v2/")).StatusCode);
    }

    [Theory]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"username\":\"admin\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"username\":\"admin\",\"password\":\"nope-nope-nope\"}", HttpStatusCode.Unauthorized)]
    public async Task Login_BadInput_ReturnsErrorBody(string json, HttpStatusCode expected)
    {
        using var client = _server.CreateClient();
        using var response = await client.PostAsync("/v1/auth/login", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Health_IsAnonymous()
    {
        using var client = _server.CreateClient();
        using var response = await client.GetAsync("/v1/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
    }

    private static async Task<string?> OciErrorMessageAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString();
    }

    private static async Task AssertOciErrorAsync(HttpResponseMessage response, string code)
    {
        Assert.Equal(new MediaTypeHeaderValue("application/json").MediaType, response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, body.RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
    }
}
