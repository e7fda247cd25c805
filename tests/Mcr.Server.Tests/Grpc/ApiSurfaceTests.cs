using Grpc.AspNetCore.Server;
using Mcr.Server.Grpc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Grpc;

/// <summary>
/// The API sync rule, structurally: the <c>/v1</c> routes the server maps are exactly the REST column of
/// <see cref="ApiSurface"/>, the <c>mcr.v1</c> methods it maps are exactly the RPC column, and each appears once.
/// </summary>
public sealed class ApiSurfaceTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    [Fact]
    public void EveryV1Route_IsOneRowOfTheTable_AndEveryRowIsARoute()
    {
        var endpoints = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var routes = endpoints
            .Where(endpoint => endpoint.RoutePattern.RawText!.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}"))
            .ToList();
        var rows = ApiSurface.Operations.Select(operation => $"{operation.Method} {operation.Route}").ToList();

        Assert.Equal(routes.Count, routes.Distinct().Count());
        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Equal(rows.Order(StringComparer.Ordinal), routes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryMcrRpc_IsOneRowOfTheTable_AndEveryRowIsAnRpc()
    {
        var methods = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
            .OfType<global::Grpc.Core.IMethod>()
            .Where(method => method.ServiceName.StartsWith("mcr.v1.", StringComparison.Ordinal))
            .Select(method => $"/{method.FullName.TrimStart('/')}")
            .Distinct()
            .ToList();
        var rows = ApiSurface.Operations.Select(operation => operation.Rpc).ToList();

        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Equal(rows.Order(StringComparer.Ordinal), methods.Order(StringComparer.Ordinal));
    }
}
