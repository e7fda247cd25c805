using Mcr.Infrastructure.Audit;
using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Tests.Admin;

public sealed class SnapshotServiceTests : IAsyncLifetime
{
    private AdminTestContext _context = null!;

    public async Task InitializeAsync() => _context = await AdminTestContext.StartAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Create_SameInstantTwice_DistinctFilesBothReadable()
    {
        await _context.Registry.PushImageAsync("snap/app", "seed", "v1");

        var first = await _context.Snapshots.CreateAsync(AdminTestContext.Admin);
        var second = await _context.Snapshots.CreateAsync(AdminTestContext.Admin);

        Assert.True(first.IsOk);
        Assert.True(second.IsOk);
        Assert.Equal(_context.Snapshots.Directory, Path.GetDirectoryName(first.Value.Path));
        Assert.NotEqual(first.Value.Path, second.Value.Path);
        Assert.EndsWith("-2.db", second.Value.Path, StringComparison.Ordinal);
        Assert.Equal(_context.Registry.Time.GetUtcNow(), first.Value.CreatedAt);
        foreach (var path in new[] { first.Value.Path, second.Value.Path })
        {
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM repositories";
            Assert.Equal("snap/app", await command.ExecuteScalarAsync());
        }
        Assert.Equal(2, (await _context.EventsAsync(AuditEventTypes.SnapshotCreated)).Count);
    }

    [Fact]
    public async Task Create_IncludesAuditEventsQueuedBefore()
    {
        _context.Audit.Record(new AuditEvent(_context.Registry.Time.GetUtcNow(), AuditEventTypes.LoginOk, "someone"));

        var snapshot = await _context.Snapshots.CreateAsync(AdminTestContext.Admin);

        Assert.True(snapshot.IsOk);
        await using var connection = new SqliteConnection($"Data Source={snapshot.Value.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM audit_log WHERE event_type = 'login_ok'";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Create_DirectoryUnusable_FailedAndNextSnapshotStillRuns()
    {
        // a file where the snapshot directory should be: fails for every user, root included
        await File.WriteAllTextAsync(_context.Snapshots.Directory, "not a directory");

        var result = await _context.Snapshots.CreateAsync(AdminTestContext.Admin);

        Assert.Equal(Infrastructure.Admin.AdminStatus.Failed, result.Status);
        Assert.StartsWith("snapshot failed", result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(await _context.EventsAsync(AuditEventTypes.SnapshotCreated));

        File.Delete(_context.Snapshots.Directory);
        Assert.True((await _context.Snapshots.CreateAsync(AdminTestContext.Admin)).IsOk);
    }
}
