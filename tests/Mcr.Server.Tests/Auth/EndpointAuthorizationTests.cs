using System.Net;
using System.Text;
using System.Text.Json;
using Mcr.Core.Identity;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// Walks every registered endpoint (<see cref="RouteTable"/>) and proves that each one outside the explicit
/// allow-list answers 401 to a request without credentials, and that every admin-only endpoint answers 403 to
/// every authenticated non-admin kind of caller. A new endpoint is covered automatically; a new admin endpoint
/// must also be added to <see cref="RouteTable.AdminOnly"/>, so one that forgot <c>RequireAdmin</c> fails here.
/// </summary>
public sealed class EndpointAuthorizationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryEndpoint_OutsideAllowList_RequiresAuthentication()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var client = server.CreateClient();

        var checkedCount = 0;
        foreach (var route in RouteTable.Enumerate(server))
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
            using var response = await client.SendAsync(request);
            output.WriteLine($"{route} -> {(int)response.StatusCode}");
            if (route.IsAnonymous)
            {
                Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} answered {(int)response.StatusCode} without credentials");
            if (route.IsV2)
            {
                Assert.NotEmpty(response.Headers.WwwAuthenticate);
            }
            checkedCount++;
        }
        Assert.True(checkedCount >= 3);
    }

    [Theory]
    [InlineData("user", AccountType.Human)]
    [InlineData("guest", AccountType.Human)]
    [InlineData("user", AccountType.System)]
    [InlineData("guest", AccountType.System)]
    public async Task AdminOnlyEndpoints_NonAdmin_Forbidden(string role, AccountType type)
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var client = await server.CreateClientForNewAccountAsync("not-an-admin", role, type);

        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in RouteTable.Enumerate(server).Where(r => r.AdminOnly))
        {
            found.Add(route.ToString());
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path)
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{role}/{type}: {route} -> {(int)response.StatusCode} {body}");
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} answered {(int)response.StatusCode} to a {type} {role}");
            using var json = JsonDocument.Parse(body);
            Assert.Equal("admin role required", json.RootElement.GetProperty("error").GetString());
        }
        Assert.Equal(RouteTable.AdminOnly.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }
}
