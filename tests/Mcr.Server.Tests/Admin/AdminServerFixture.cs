using Mcr.Server.Tests.Hosting;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Admin;

/// <summary>One real server per test class, with an admin client and a plain (role <c>user</c>) client.</summary>
public sealed class AdminServerFixture : IAsyncLifetime
{
    public McrTestServer Server { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient User { get; private set; } = null!;

    public ManifestTestClient AdminPush { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await McrTestServer.StartAsync();
        Admin = Server.CreateClient(await Server.GetTokenAsync());
        User = await Server.CreateClientForNewAccountAsync("alice", "user");
        AdminPush = new ManifestTestClient(new OciTestClient(Admin));
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        User.Dispose();
        await Server.DisposeAsync();
    }
}
