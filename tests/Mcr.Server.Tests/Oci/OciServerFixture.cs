using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Oci;

/// <summary>
/// One real server per test class (starting one per test would dominate the run time) and an admin
/// client for it. Tests use their own repository names so they do not see each other's data.
/// </summary>
public sealed class OciServerFixture : IAsyncLifetime
{
    private HttpClient? _http;

    public McrTestServer Server { get; private set; } = null!;

    public ManifestTestClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await McrTestServer.StartAsync();
        _http = Server.CreateClient(await Server.GetTokenAsync());
        Admin = new ManifestTestClient(_http);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A repository name no other test uses.</summary>
    public static string NewRepository(string prefix = "test") => $"{prefix}/r{Guid.NewGuid():N}";
}
