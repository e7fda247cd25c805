using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// Every endpoint of the route table refuses every kind of bad admin token — expired, not yet valid, tampered
/// signature or payload, <c>alg: none</c>, signed by another key, logged out — with 401 and the right body
/// (<c>/v2</c>: <c>WWW-Authenticate: Bearer</c> and the OCI error; <c>/v1</c>: <c>{"error"}</c>), while the
/// allow-listed endpoints stay public. A forged token with a good lifetime and the server's key is accepted,
/// so each refusal is due to the one defect the token carries.
/// </summary>
public sealed class BadTokenTests(ITestOutputHelper output) : IAsyncLifetime
{
    private McrTestServer _server = null!;
    private string _adminToken = null!;

    public async Task InitializeAsync()
    {
        _server = await McrTestServer.StartAsync(output);
        _adminToken = await _server.GetTokenAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Kinds => new() { "expired", "not yet valid", "signature flipped", "payload flipped", "alg none", "other key", "logged out" };

    [Fact]
    public async Task ForgedToken_WithServerKeyAndGoodLifetime_IsAccepted()
    {
        using var key = TestJwt.ServerKey(_server);
        using var client = _server.CreateClient(TestJwt.WithLifetime(_adminToken, key, TimeSpan.FromMinutes(-1), TimeSpan.FromHours(1)));

        using var ping = await client.GetAsync("/v2/");
        using var rules = await client.GetAsync("/v1/policy/rules");

        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryEndpoint_BadToken_Is401AndPublicEndpointsStayPublic(string kind)
    {
        var token = await BadTokenAsync(kind);
        using var client = _server.CreateClient(token);

        var refused = 0;
        foreach (var route in RouteTable.Enumerate(_server))
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{kind}: {route} -> {(int)response.StatusCode}");
            if (route.IsAnonymous)
            {
                Assert.True((int)response.StatusCode < 500, $"{route} answered {(int)response.StatusCode}");
                if (route.Pattern is "/v1/health" or "/readyz")
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: {route} answered {(int)response.StatusCode}: {body}");
            refused++;
            if (route.IsV2)
            {
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            }
            if (route.Method == "HEAD")
            {
                continue; // no body to check
            }
            using var json = JsonDocument.Parse(body);
            if (route.IsV2)
            {
                Assert.Equal("UNAUTHORIZED", json.RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetString()));
            }
        }
        Assert.True(refused >= 20, $"only {refused} endpoints checked");
        output.WriteLine($"{kind}: {refused} endpoint methods refused the token");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task BadToken_AsBasicPassword_IsNotExchangedForAGoodOne(string kind)
    {
        var token = await BadTokenAsync(kind);
        using var client = _server.CreateClient();
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{token}")));

        using var exchange = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=mcr") { Headers = { Authorization = basic } };
        using var exchanged = await client.SendAsync(exchange);
        using var direct = new HttpRequestMessage(HttpMethod.Get, "/v2/") { Headers = { Authorization = basic } };
        using var directly = await client.SendAsync(direct);

        Assert.Equal(HttpStatusCode.Unauthorized, exchanged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, directly.StatusCode);
    }

    /// <summary>An admin token with exactly one defect.</summary>
    private async Task<string> BadTokenAsync(string kind)
    {
        using var serverKey = TestJwt.ServerKey(_server);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var lived = (TimeSpan.FromMinutes(-1), TimeSpan.FromHours(1));
        return kind switch
        {
            "expired" => TestJwt.WithLifetime(_adminToken, serverKey, TimeSpan.FromHours(-2), TimeSpan.FromSeconds(-1)),
            "not yet valid" => TestJwt.WithLifetime(_adminToken, serverKey, TimeSpan.FromHours(1), TimeSpan.FromHours(2)),
            "signature flipped" => TestJwt.FlipByte(_adminToken, 2),
            "payload flipped" => TestJwt.FlipByte(_adminToken, 1),
            "alg none" => TestJwt.AlgNone(_adminToken),
            "other key" => TestJwt.WithLifetime(_adminToken, otherKey, lived.Item1, lived.Item2),
            "logged out" => await LoggedOutTokenAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private async Task<string> LoggedOutTokenAsync()
    {
        using var client = _server.CreateClient();
        using var login = await client.PostAsync("/v1/auth/login",
            new StringContent($"{{\"username\":\"admin\",\"password\":\"{McrTestServer.AdminPassword}\"}}", Encoding.UTF8, "application/json"));
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString()!;
        using var authed = _server.CreateClient(token);
        using (var before = await authed.GetAsync("/v2/"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        using (var logout = await authed.PostAsync("/v1/auth/logout", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }
        return token;
    }
}
