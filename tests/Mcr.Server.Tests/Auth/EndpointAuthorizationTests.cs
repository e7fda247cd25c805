using System.Net;
using Mcr.Server.Tests.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// Enumerates every registered endpoint and proves that each one outside the explicit allow-list
/// answers 401 to a request without credentials. A new endpoint is covered automatically.
/// </summary>
public sealed class EndpointAuthorizationTests(ITestOutputHelper output)
{
    /// <summary>The only endpoints reachable without credentials.</summary>
    private static readonly HashSet<string> _anonymous = ["/v1/health", "/v2/token", "/v1/auth/login"];

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
