using System.Net;
using System.Text;
using System.Text.Json;
using Mcr.Server.Admin;
using Mcr.Server.Tests.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// Enumerates every registered endpoint and proves that each one outside the explicit allow-list
/// answers 401 to a request without credentials, and that every admin-only endpoint answers 403 to an
/// authenticated non-admin. A new endpoint is covered automatically; a new admin endpoint must also be
/// added to <see cref="_adminOnly"/>, so one that forgot <c>RequireAdmin</c> fails the test.
/// </summary>
public sealed class EndpointAuthorizationTests(ITestOutputHelper output)
{
    /// <summary>The only endpoints reachable without credentials.</summary>
    private static readonly HashSet<string> _anonymous = ["/v1/health", "/v2/token", "/v1/auth/login"];

    /// <summary>Every endpoint that requires the admin role, as "METHOD pattern".</summary>
    private static readonly HashSet<string> _adminOnly =
    [
        "DELETE /v1/repositories/{**name}",
        "GET /v1/policy/rules",
        "POST /v1/policy/rules",
        "GET /v1/policy/rules/{id}",
        "PATCH /v1/policy/rules/{id}",
        "DELETE /v1/policy/rules/{id}",
        "GET /v1/audit",
        "POST /v1/snapshot",
        "POST /v1/gc",
        "GET /v1/gc/status",
        "POST /v1/gc/reconcile",
    ];

    [Fact]
    public async Task EveryEndpoint_OutsideAllowList_RequiresAuthentication()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var client = server.CreateClient();
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);

        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST", "PUT", "PATCH", "DELETE"];
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), SamplePath(pattern));
                using var response = await client.SendAsync(request);
                output.WriteLine($"{method} {pattern} -> {(int)response.StatusCode}");
                if (_anonymous.Contains(pattern))
                {
                    Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern} answered {(int)response.StatusCode} without credentials");
                if (pattern.StartsWith("/v2", StringComparison.Ordinal))
                {
                    Assert.NotEmpty(response.Headers.WwwAuthenticate);
                }
                checkedCount++;
            }
        }
        Assert.True(checkedCount >= 3);
    }

    [Fact]
    public async Task AdminOnlyEndpoints_NonAdmin_Forbidden()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var client = await server.CreateClientForNewAccountAsync("plain-user", "user");
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var found = new HashSet<string>();
        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<AdminOnlyMetadata>() is not null))
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.NotEmpty(methods);
            foreach (var method in methods)
            {
                found.Add($"{method} {pattern}");
                using var request = new HttpRequestMessage(new HttpMethod(method), SamplePath(pattern))
                {
                    Content = new StringContent("{}", Encoding.UTF8, "application/json"),
                };
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                output.WriteLine($"{method} {pattern} -> {(int)response.StatusCode} {body}");
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {pattern} answered {(int)response.StatusCode} to a non-admin");
                using var json = JsonDocument.Parse(body);
                Assert.Equal("admin role required", json.RootElement.GetProperty("error").GetString());
            }
        }
        Assert.Equal(_adminOnly.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    /// <summary>A concrete path that matches the route pattern.</summary>
    private static string SamplePath(string pattern)
    {
        var digest = "sha256:" + new string('a', 64);
        return pattern
            .Replace("{**path:oci(manifest)}", "org/app/manifests/latest", StringComparison.Ordinal)
            .Replace("{**path:oci(blob)}", $"org/app/blobs/{digest}", StringComparison.Ordinal)
            .Replace("{**path:oci(uploadstart)}", "org/app/blobs/uploads/", StringComparison.Ordinal)
            .Replace("{**path:oci(upload)}", $"org/app/blobs/uploads/{Guid.NewGuid()}", StringComparison.Ordinal)
            .Replace("{**path:oci(tagslist)}", "org/app/tags/list", StringComparison.Ordinal)
            .Replace("{**path:oci(referrers)}", $"org/app/referrers/{digest}", StringComparison.Ordinal)
            .Replace("{**path}", "some/unknown/path", StringComparison.Ordinal)
            .Replace("{**name}", "org/app", StringComparison.Ordinal)
            .Replace("{name}", "app", StringComparison.Ordinal)
            .Replace("{id}", "1", StringComparison.Ordinal)
            .Replace("{id:long}", "1", StringComparison.Ordinal);
    }
}
