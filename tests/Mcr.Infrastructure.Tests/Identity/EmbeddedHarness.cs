using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Identity.Embedded;
using Mcr.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Identity;

/// <summary>A migrated database, a data directory and a fake clock for the embedded provider.</summary>
internal sealed class EmbeddedHarness : IDisposable
{
    private readonly TestDatabase _database = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public IdentityOptions Options { get; } = new() { TokenTtl = TimeSpan.FromHours(1), SystemTokenTtl = TimeSpan.FromHours(48) };

    public TestDatabase Database => _database;

    public string DataDirectory => _database.Directory;

    public EmbeddedIdentityProvider Provider(string? dataDirectory = null) =>
        new(_database.Database, Options, dataDirectory ?? DataDirectory, Time);

    public AccountService Accounts() => new(_database.Database, Options, DataDirectory, Time);

    public void Dispose() => _database.Dispose();
}
