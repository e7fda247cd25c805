using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Oci;

/// <summary>
/// One real server shared by the tests of a class (starting one per test would dominate the run time);
/// tests stay independent by using their own repository names (<see cref="NewRepository"/>).
/// </summary>
public sealed class OciServerFixture : IAsyncLifetime
{
    public McrTestServer Server { get; private set; } = null!;

    /// <summary>A client authenticated as the admin account.</summary>
    public OciTestClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await McrTestServer.StartAsync();
        Admin = new OciTestClient(Server.CreateClient(await Server.GetTokenAsync()));
    }

    public async Task DisposeAsync()
    {
        Admin.Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A fresh, valid repository name with a slash in it.</summary>
    public static string NewRepository(string prefix = "test") => $"{prefix}/r{Guid.NewGuid():N}"[..(prefix.Length + 14)];
}
