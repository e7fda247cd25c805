using System.Net;
using Grpc.Core;
using Mcr.Protocol.V1;
using Mcr.Server.Hosting;
using Mcr.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Grpc;

/// <summary>gRPC answers only on <c>server.grpc_addr</c>, REST only on <c>server.listen_addr</c>, and an empty gRPC address turns gRPC off.</summary>
public sealed class GrpcListenerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RestOnTheGrpcPort_And_GrpcOnTheRestPort_AreNotServed()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using var http = server.CreateClient();
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var restOnGrpc = await http.GetAsync(new Uri(server.GrpcAddress!, "/v1/health"));
        using var rest = await http.GetAsync(new Uri(server.BaseAddress, "/v1/health"));
        using var onRestPort = new GrpcTestChannel(server, address: server.BaseAddress);
        var grpcOnRest = await Assert.ThrowsAsync<RpcException>(async () =>
            await new AdminService.AdminServiceClient(onRestPort.Invoker).HealthAsync(new HealthRequest()));

        Assert.Equal(HttpStatusCode.NotFound, restOnGrpc.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.NotEqual(StatusCode.OK, grpcOnRest.StatusCode);
    }

    [Fact]
    public async Task EmptyGrpcAddress_NoGrpcListener()
    {
        await using var server = await McrTestServer.StartAsync(output, options => options.Server.GrpcAddr = "");

        Assert.Null(server.GrpcAddress);
        Assert.Empty(server.Services.GetRequiredService<McrListeners>().GrpcEndpoints);
    }

    [Fact]
    public async Task Metrics_CountCallsPerRpcAndStatus()
    {
        await using var server = await McrTestServer.StartAsync(output);
        using (var channel = new GrpcTestChannel(server))
        {
            var client = new AdminService.AdminServiceClient(channel.Invoker);
            await client.HealthAsync(new HealthRequest());
            await Assert.ThrowsAsync<RpcException>(async () => await client.GetGCStatusAsync(new GetGCStatusRequest()));
        }
        using var http = server.CreateClient(await server.GetTokenAsync());

        var counts = (await http.GetStringAsync("/metrics")).Split('\n')
            .Where(line => line.StartsWith("mcr_grpc_server_call_duration_seconds_count{", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(counts, line => line.Contains("rpc_grpc_status_code=\"OK\",rpc_method=\"/mcr.v1.AdminService/Health\"", StringComparison.Ordinal));
        Assert.Contains(counts, line =>
            line.Contains("rpc_grpc_status_code=\"Unauthenticated\",rpc_method=\"/mcr.v1.AdminService/GetGCStatus\"", StringComparison.Ordinal));
    }
}
