using Grpc.AspNetCore.Server;
using Mcr.Server.Admin;
using Mcr.Server.Tests.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Auth;

/// <summary>One method of one registered endpoint, with a concrete path that matches its pattern.</summary>
public sealed record RouteSample(string Method, string Pattern, string Path, bool AdminOnly)
{
    public bool IsAnonymous => RouteTable.Anonymous.Contains(Pattern);

    public bool IsV2 => Pattern.StartsWith("/v2", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// The server's route table as the authorization tests see it: every endpoint and method, the allow-list of
/// anonymous endpoints and the list of admin-only ones. A new endpoint is covered by every test that walks it.
/// </summary>
public static class RouteTable
{
    /// <summary>The only endpoints reachable without credentials.</summary>
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string>(StringComparer.Ordinal)
    {
        "/v1/health", "/readyz", "/v2/token", "/v1/auth/login",
    };

    /// <summary>Every endpoint that requires the admin role, as "METHOD pattern".</summary>
    public static readonly IReadOnlySet<string> AdminOnly = new HashSet<string>(StringComparer.Ordinal)
    {
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
        "GET /v1/accounts",
        "POST /v1/accounts",
        "GET /v1/accounts/{username}",
        "POST /v1/accounts/{username}/disable",
        "POST /v1/accounts/{username}/enable",
        "PUT /v1/accounts/{username}/password",
        "POST /v1/accounts/{username}/token",
    };

    private static readonly string[] _anyMethod = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Every method of every route endpoint the running server has registered.</summary>
    public static IReadOnlyList<RouteSample> Enumerate(McrTestServer server)
    {
        // gRPC methods answer on the gRPC listener only and are authorized by the interceptors from their own
        // access map; GrpcAccessTests walks them.
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is null)
            .ToList();
        Assert.NotEmpty(endpoints);
        var samples = new List<RouteSample>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var adminOnly = endpoint.Metadata.GetMetadata<AdminOnlyMetadata>() is not null;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? _anyMethod;
            samples.AddRange(methods.Select(method => new RouteSample(method, pattern, SamplePath(pattern), adminOnly)));
        }
        return samples;
    }

    /// <summary>A concrete path that matches the route pattern.</summary>
    public static string SamplePath(string pattern)
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
            .Replace("{username}", "alice", StringComparison.Ordinal)
            .Replace("{id}", "1", StringComparison.Ordinal)
            .Replace("{id:long}", "1", StringComparison.Ordinal);
    }
}
