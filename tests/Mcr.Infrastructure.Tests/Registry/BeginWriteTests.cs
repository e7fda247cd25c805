using Dapper;
using Mcr.Infrastructure.Registry;
using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Tests.Registry;

public sealed class BeginWriteTests : IDisposable
{
    private readonly RegistryTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public async Task BeginWrite_TakesWriteLockAtStart()
    {
        // The stores' check-then-write transactions (manifest push vs. GC phase 1) rely on BEGIN IMMEDIATE.
        await using var first = await _ctx.Db.Database.OpenAsync();
        await using var transaction = RegistrySql.BeginWrite(first);
        await using var second = await _ctx.Db.Database.OpenAsync();
        await second.ExecuteAsync("PRAGMA busy_timeout=0");

        // Microsoft.Data.Sqlite retries a busy statement until the command timeout: keep it at 1 s.
        var error = await Assert.ThrowsAsync<SqliteException>(() => second.ExecuteAsync("BEGIN IMMEDIATE", commandTimeout: 1));

        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
        // Readers are not blocked (WAL).
        Assert.Equal(0, await second.ExecuteScalarAsync<long>("SELECT count(*) FROM repositories"));
    }
}
