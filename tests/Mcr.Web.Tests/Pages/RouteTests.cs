using System.Net;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.Web.Tests.Harness;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Web.Tests.Pages;

/// <summary>
/// Every route of mcr-web's route table needs a session but the login page, the error page, health and the static
/// files; and mcr-web without its registry answers with a page that says so.
/// </summary>
[Collection(WebStackCollection.Name)]
public sealed class RouteTests(WebStack stack)
{
    private static readonly string[] _open = ["/login", "/error/{code:int?}", "/health"];

    [Fact]
    public async Task EveryRoute_ButLoginErrorAndHealth_RedirectsToLoginWithoutASession()
    {
        await using var web = await InProcessWeb.StartAsync(stack.Registry.DataDirectory, stack.Registry.GrpcHost);
        var routes = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("/policies/new", routes);
        Assert.Contains("/repositories/{**name}", routes);
        Assert.True(routes.Count >= 12, string.Join(", ", routes));
        using var client = web.CreateClient();

        foreach (var route in routes)
        {
            var path = Sample(route);
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var request = new HttpRequestMessage(method, path);
                if (method == HttpMethod.Post)
                {
                    request.Content = new FormUrlEncodedContent([]);
                }
                using var response = await client.SendAsync(request);
                if (_open.Contains(route))
                {
                    Assert.False(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.StartsWith("/login", StringComparison.Ordinal), $"{method} {path} needs no session");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path}: {(int)response.StatusCode}, expected a redirect to /login");
                    Assert.StartsWith("/login?returnUrl=", new Uri(client.Address, response.Headers.Location!).PathAndQuery);
                }
            }
        }
    }

    [Fact]
    public async Task StaticFiles_NeedNoSession()
    {
        using var client = stack.CreateClient();

        foreach (var path in new[] { "/css/site.css", "/js/site.js", "/lib/htmx/htmx.min.js", "/lib/pico/pico.min.css" })
        {
            var (response, _) = await client.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task RegistryDown_IsA503PageThatSaysSo()
    {
        using var grpc = new Harness.Grpc(stack);
        var token = await grpc.TokenAsync(stack.Registry.AdminUser, stack.Registry.AdminPassword);
        var closed = FreePort.Next();
        await using var web = await InProcessWeb.StartAsync(stack.Registry.DataDirectory, $"127.0.0.1:{closed}");
        using var client = web.ClientWithSession(token);

        foreach (var path in new[] { "/", "/repositories", "/repositories/team/app", $"/manifests/team/app@{stack.MultiArch.Digest}", "/policies", "/audit" })
        {
            var (response, body) = await client.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("Registry unavailable", body);
            Assert.Contains($"127.0.0.1:{closed}", body);
            Assert.DoesNotContain("   at ", body);
        }

        var (partial, fragment) = await client.GetPageAsync("/repositories?q=x", htmx: true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, partial.StatusCode);
        Assert.Equal("#main", partial.Headers.GetValues("HX-Retarget").Single());
        Assert.DoesNotContain("<html", fragment);
        Assert.Contains("Registry unavailable", fragment);

        using var anonymous = web.CreateClient();
        var login = await anonymous.LoginAsync("admin", "whatever-password");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("cannot reach the registry", await login.Content.ReadAsStringAsync());

        var (health, healthBody) = await anonymous.GetPageAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"registry\":\"unavailable\"", healthBody);
    }

    [Fact]
    public async Task NoTokenOrPassword_ReachesTheLogs()
    {
        var logs = new CapturingLogs();
        await using var web = await InProcessWeb.StartAsync(stack.Registry.DataDirectory, stack.Registry.GrpcHost, logs);
        using var client = web.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync(stack.Registry.AdminUser, stack.Registry.AdminPassword)).StatusCode);
        using var grpc = new Harness.Grpc(stack);
        var token = await grpc.TokenAsync(stack.Registry.AdminUser, stack.Registry.AdminPassword);
        using var session = web.ClientWithSession(token);

        foreach (var path in new[] { "/", "/repositories/team/app", "/repositories/team/nope", "/policies", "/audit" })
        {
            await client.GetPageAsync(path);
            await session.GetPageAsync(path);
        }
        await session.PostFormAsync("/logout", []);
        await session.GetPageAsync("/");

        Assert.Contains("signed in", logs.Text);
        Assert.DoesNotContain(stack.Registry.AdminPassword, logs.Text);
        Assert.DoesNotContain(token, logs.Text);
        Assert.DoesNotContain(token[..40], logs.Text);
    }

    private static string Sample(string route) => route
        .Replace("{**name}", "team/app", StringComparison.Ordinal)
        .Replace("{**reference}", "team/app:1.0", StringComparison.Ordinal)
        .Replace("{id:long}", "1", StringComparison.Ordinal)
        .Replace("{code:int?}", "404", StringComparison.Ordinal);
}
