using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Grpc;

/// <summary>One real server per test class with gRPC channels for an admin, a <c>user</c> account and no one.</summary>
public sealed class GrpcServerFixture : IAsyncLifetime
{
    public McrTestServer Server { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    public string UserToken { get; private set; } = null!;

    public GrpcTestChannel Admin { get; private set; } = null!;

    public GrpcTestChannel User { get; private set; } = null!;

    public GrpcTestChannel Anonymous { get; private set; } = null!;

    public HttpClient AdminHttp { get; private set; } = null!;

    public ManifestTestClient AdminPush { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await McrTestServer.StartAsync();
        AdminToken = await Server.GetTokenAsync();
        (await Server.CreateClientForNewAccountAsync("alice", "user")).Dispose();
        UserToken = await Server.GetTokenAsync("alice", "another-long-password");
        Admin = new GrpcTestChannel(Server, AdminToken);
        User = new GrpcTestChannel(Server, UserToken);
        Anonymous = new GrpcTestChannel(Server);
        AdminHttp = Server.CreateClient(AdminToken);
        AdminPush = new ManifestTestClient(new OciTestClient(AdminHttp));
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        User.Dispose();
        Anonymous.Dispose();
        AdminHttp.Dispose();
        await Server.DisposeAsync();
    }
}
