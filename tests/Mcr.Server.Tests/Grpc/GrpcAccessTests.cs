using Grpc.AspNetCore.Server;
using Grpc.Core;
using Mcr.Server.Grpc;
using Mcr.Server.Tests.Auth;
using Mcr.Server.Tests.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Grpc;

/// <summary>
/// Every RPC of every service the server maps — ours, health and reflection — is in the access map, and is
/// refused without a token, with a bad token, and (for admin RPCs) with a <c>user</c> token; only the public ones
/// answer without credentials.
/// </summary>
public sealed class GrpcAccessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Marshaller<byte[]> _raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private McrTestServer _server = null!;
    private string _adminToken = null!;
    private string _userToken = null!;

    public async Task InitializeAsync()
    {
        _server = await McrTestServer.StartAsync(output);
        _adminToken = await _server.GetTokenAsync();
        (await _server.CreateClientForNewAccountAsync("alice", "user")).Dispose();
        _userToken = await _server.GetTokenAsync("alice", "another-long-password");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void EveryMappedRpc_IsInTheAccessMap()
    {
        var methods = MappedMethods();
        output.WriteLine($"{methods.Count} gRPC methods mapped");
        Assert.True(methods.Count >= ApiSurface.Operations.Count, "fewer methods mapped than the API table lists");
        foreach (var method in methods)
        {
            Assert.True(ApiSurface.AccessOf(method.FullName) is not null, $"{method.FullName} is not in the access map");
        }
        Assert.Null(ApiSurface.AccessOf("/mcr.v1.RegistryService/Unlisted"));
    }

    [Fact]
    public async Task EveryRpc_WithoutToken_RefusedUnlessPublic()
    {
        using var channel = new GrpcTestChannel(_server);
        foreach (var method in MappedMethods())
        {
            var status = await CallAsync(channel.Invoker, method);
            output.WriteLine($"{method.FullName} (no token): {status}");
            if (ApiSurface.AccessOf(method.FullName) == RpcAccess.Public)
            {
                Assert.NotEqual(StatusCode.Unauthenticated, status);
                Assert.NotEqual(StatusCode.Internal, status);
            }
            else
            {
                Assert.Equal(StatusCode.Unauthenticated, status);
            }
        }
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("signature flipped")]
    [InlineData("alg none")]
    [InlineData("expired")]
    public async Task EveryNonPublicRpc_BadToken_Unauthenticated(string kind)
    {
        using var key = TestJwt.ServerKey(_server);
        var token = kind switch
        {
            "garbage" => "not-a-token",
            "signature flipped" => TestJwt.FlipByte(_adminToken, 2),
            "alg none" => TestJwt.AlgNone(_adminToken),
            _ => TestJwt.WithLifetime(_adminToken, key, TimeSpan.FromHours(-2), TimeSpan.FromSeconds(-1)),
        };
        using var channel = new GrpcTestChannel(_server, token);
        var refused = 0;
        foreach (var method in MappedMethods().Where(m => ApiSurface.AccessOf(m.FullName) != RpcAccess.Public))
        {
            var status = await CallAsync(channel.Invoker, method);
            Assert.True(status == StatusCode.Unauthenticated, $"{method.FullName}: {status}");
            refused++;
        }
        Assert.True(refused >= 20, $"only {refused} RPCs checked");
    }

    [Fact]
    public async Task EveryAdminRpc_UserToken_PermissionDenied()
    {
        using var channel = new GrpcTestChannel(_server, _userToken);
        var admin = ApiSurface.Operations.Where(o => o.Access == RpcAccess.Admin).Select(o => o.Rpc).ToHashSet();
        var refused = 0;
        foreach (var method in MappedMethods().Where(m => admin.Contains(m.FullName)))
        {
            Assert.Equal(StatusCode.PermissionDenied, await CallAsync(channel.Invoker, method));
            refused++;
        }
        Assert.Equal(admin.Count, refused);
    }

    [Fact]
    public void AccessTable_MatchesTheRestAdminMarks()
    {
        foreach (var operation in ApiSurface.Operations)
        {
            var restAdmin = RouteTable.AdminOnly.Contains($"{operation.Method} {operation.Route}");
            var restPublic = RouteTable.Anonymous.Contains(operation.Route);
            Assert.True(restAdmin == (operation.Access == RpcAccess.Admin), $"{operation.Rpc}: admin on one API only");
            Assert.True(restPublic == (operation.Access == RpcAccess.Public), $"{operation.Rpc}: public on one API only");
        }
    }

    private List<IMethod> MappedMethods() =>
    [
        .. _server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
            .OfType<IMethod>()
            .DistinctBy(method => method.FullName),
    ];

    /// <summary>
    /// Calls any method with an empty message (valid for every request type) and returns the status. A refused
    /// bidirectional call may surface as CANCELLED when the server's answer and reset overtake the client's
    /// half-close; that is the transport, not the answer, so such a call is tried again.
    /// </summary>
    private static async Task<StatusCode> CallAsync(CallInvoker invoker, IMethod method)
    {
        var status = await CallOnceAsync(invoker, method);
        for (var retry = 0; retry < 3 && status == StatusCode.Cancelled && method.Type == MethodType.DuplexStreaming; retry++)
        {
            status = await CallOnceAsync(invoker, method);
        }
        return status;
    }

    private static async Task<StatusCode> CallOnceAsync(CallInvoker invoker, IMethod method)
    {
        var raw = new Method<byte[], byte[]>(method.Type, method.ServiceName, method.Name, _raw, _raw);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var options = new CallOptions(cancellationToken: timeout.Token);
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(raw, null, options, []);
                    break;
                case MethodType.ServerStreaming:
                    {
                        using var call = invoker.AsyncServerStreamingCall(raw, null, options, []);
                        await call.ResponseStream.MoveNext(timeout.Token);
                        break;
                    }
                default:
                    {
                        using var call = invoker.AsyncDuplexStreamingCall(raw, null, options);
                        await call.RequestStream.WriteAsync([]);
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseStream.MoveNext(timeout.Token);
                        break;
                    }
            }
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
