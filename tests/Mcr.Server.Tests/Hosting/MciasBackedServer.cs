using Mcr.Testing;
using Mcr.Testing.Mcias;

namespace Mcr.Server.Tests.Hosting;

/// <summary>
/// The registry with MCIAS as its identity service: a fake MCIAS on loopback (TLS from a throwaway CA the registry
/// is told to trust) and a <see cref="McrTestServer"/> pointed at it. Dispose to stop both.
/// </summary>
public sealed class MciasBackedServer : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("mcr-mcias-server");
    private readonly TestCertificateAuthority _ca = new();

    private MciasBackedServer()
    {
    }

    public FakeMcias Mcias { get; private set; } = null!;

    public McrTestServer Server { get; private set; } = null!;

    /// <param name="addUsers">Adds the MCIAS accounts before the registry starts.</param>
    public static async Task<MciasBackedServer> StartAsync(ITestOutputHelper output, Action<FakeMcias> addUsers)
    {
        var started = new MciasBackedServer();
        started.Mcias = await FakeMcias.StartAsync(started._ca, TimeProvider.System);
        addUsers(started.Mcias);
        var caPath = started._ca.WriteCaPem(started._directory.Combine("mcias-ca.pem"));
        started.Server = await McrTestServer.StartAsync(output, options =>
        {
            options.Mcias.ServerUrl = started.Mcias.Url;
            options.Mcias.CaCert = caPath;
        });
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Mcias.DisposeAsync();
        _ca.Dispose();
        _directory.Dispose();
    }
}
