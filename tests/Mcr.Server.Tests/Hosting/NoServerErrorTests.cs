using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Hosting;

/// <summary>
/// Every registered endpoint, called by an administrator (so requests reach the handlers) with hostile
/// input — junk bodies, wrong content types, nonsense query values, malformed paths — answers with a
/// client error or success, never 5xx. A new endpoint is covered automatically.
/// </summary>
public sealed class NoServerErrorTests(ITestOutputHelper output)
{
    private static readonly string[] _queries =
    [
        "",
        "?n=-1&last=%00&offset=x",
        "?digest=sha256:zz&mount=../../etc&from=UPPER/Case",
        "?n=99999999999999999999&delete_untagged=maybe&artifactType=%FF",
        "?since=yesterday&until=2026-13-45&event_type=%0A",
    ];

    private static readonly (string? ContentType, byte[] Body)[] _bodies =
    [
        (null, []),
        ("application/json", Encoding.UTF8.GetBytes("{\"a\":")),
        ("application/json", Encoding.UTF8.GetBytes("[1,2,3]")),
        ("application/vnd.oci.image.manifest.v1+json", Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"layers\":[{\"digest\":\"sha256:../..\"}]}")),
        ("application/octet-stream", [0, 1, 2, 255]),
        ("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes("grant_type=%%%&username=")),
    ];

    [Fact]
    public async Task EveryEndpoint_HostileInputAsAdmin_NeverAnswers5xx()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var client = server.CreateClient();
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var failures = new List<string>();
        var sent = 0;

        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST", "PUT", "PATCH", "DELETE"];
            foreach (var method in methods)
            {
                foreach (var path in SamplePaths(pattern))
                {
                    foreach (var query in _queries)
                    {
                        foreach (var (contentType, body) in _bodies)
                        {
                            using var request = new HttpRequestMessage(new HttpMethod(method), path + query);
                            request.Headers.Authorization = McrTestServer.Basic("admin", McrTestServer.AdminPassword);
                            request.Headers.TryAddWithoutValidation("Content-Range", "bytes=oops");
                            if (method is not ("GET" or "HEAD" or "DELETE"))
                            {
                                request.Content = new ByteArrayContent(body);
                                if (contentType is not null)
                                {
                                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                                }
                            }
                            using var response = await client.SendAsync(request);
                            sent++;
                            if ((int)response.StatusCode >= 500)
                            {
                                failures.Add($"{method} {path}{query} ({contentType ?? "no body type"}) -> {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                            }
                        }
                    }
                }
            }
        }

        output.WriteLine($"{sent} hostile requests sent");
        Assert.True(sent > 1000, $"only {sent} requests were sent");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    /// <summary>Concrete paths for a route pattern: a plausible one and malformed variants.</summary>
    private static IEnumerable<string> SamplePaths(string pattern)
    {
        var digest = "sha256:" + new string('a', 64);
        string[] names = ["org/app", "a/../b", "UPPER", "x%2F..%2Fy"];
        foreach (var name in names)
        {
            yield return pattern
                .Replace("{**path:oci(manifest)}", $"{name}/manifests/latest", StringComparison.Ordinal)
                .Replace("{**path:oci(blob)}", $"{name}/blobs/{digest}", StringComparison.Ordinal)
                .Replace("{**path:oci(uploadstart)}", $"{name}/blobs/uploads/", StringComparison.Ordinal)
                .Replace("{**path:oci(upload)}", $"{name}/blobs/uploads/not-a-guid", StringComparison.Ordinal)
                .Replace("{**path:oci(tagslist)}", $"{name}/tags/list", StringComparison.Ordinal)
                .Replace("{**path:oci(referrers)}", $"{name}/referrers/sha512:short", StringComparison.Ordinal)
                .Replace("{**path}", "some/unknown/path", StringComparison.Ordinal)
                .Replace("{**name}", name, StringComparison.Ordinal)
                .Replace("{name}", "app", StringComparison.Ordinal)
                .Replace("{id}", "-7", StringComparison.Ordinal)
                .Replace("{id:long}", "99999999999999999999", StringComparison.Ordinal);
            if (!pattern.Contains('{', StringComparison.Ordinal))
            {
                yield break;
            }
        }
    }
}
