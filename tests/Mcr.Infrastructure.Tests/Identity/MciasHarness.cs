using System.Security.Authentication;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Identity.Mcias;
using Mcr.Testing;
using Mcr.Testing.Mcias;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Identity;

/// <summary>Per-test setup: a fake MCIAS over HTTPS and a client that trusts it through a CA PEM file.</summary>
internal sealed class MciasHarness : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("mcr-mcias");
    private readonly List<MciasIdentityProvider> _clients = [];

    private MciasHarness(FakeMcias server, TestCertificateAuthority ca)
    {
        Server = server;
        Ca = ca;
        CaPath = ca.WriteCaPem(_directory.Combine("mcias-ca.pem"));
    }

    public FakeTimeProvider Time { get; private init; } = null!;

    public FakeMcias Server { get; }

    public TestCertificateAuthority Ca { get; }

    public string CaPath { get; }

    public TempDirectory Directory => _directory;

    public static async Task<MciasHarness> StartAsync(SslProtocols protocols = SslProtocols.Tls13)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ca = new TestCertificateAuthority();
        var server = await FakeMcias.StartAsync(ca, time, protocols);
        return new MciasHarness(server, ca) { Time = time };
    }

    public MciasOptions Options(string? caPath = null) => new()
    {
        ServerUrl = Server.Url,
        CaCert = caPath ?? CaPath,
        ServiceName = "mcr-test",
        Tags = ["env:test", "team:platform"],
    };

    public MciasIdentityProvider Client(string? caPath = null)
    {
        var client = new MciasIdentityProvider(Options(caPath), Time);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await Server.DisposeAsync();
        Ca.Dispose();
        _directory.Dispose();
    }
}
