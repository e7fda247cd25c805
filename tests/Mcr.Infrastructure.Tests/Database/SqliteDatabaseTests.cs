using Dapper;
using Mcr.Infrastructure.Database;
using Mcr.Testing;
using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Tests.Database;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task Initialize_Twice_SchemaMigrationsUnchanged()
    {
        using var db = new TestDatabase();
        var before = await MigrationsAsync(db.Database);

        db.Database.Initialize();
        new SqliteDatabase(db.Database.Path).Initialize();

        var after = await MigrationsAsync(db.Database);
        Assert.NotEmpty(before);
        Assert.Equal(before, after);
        Assert.Equal(before.Select(m => m.Version).Order(), before.Select(m => m.Version));
    }

    [Fact]
    public void Initialize_NewFile_Mode0600()
    {
        using var db = new TestDatabase();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db.Database.Path));
    }

    [Fact]
    public void Initialize_ExistingFileWithWideMode_TightenedTo0600()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("mcr.db");
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        new SqliteDatabase(path).Initialize();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Open_Connection_HasWalForeignKeysAndBusyTimeout()
    {
        using var db = new TestDatabase();
        await using var connection = await db.Database.OpenAsync();

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(5000, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // FULL
    }

    [Fact]
    public async Task OpenUnacknowledgedWriter_RelaxesSyncOnItsOwnConnectionOnly()
    {
        using var db = new TestDatabase();
        await using (var writer = await db.Database.OpenUnacknowledgedWriterAsync())
        {
            Assert.Equal(1, await writer.ExecuteScalarAsync<long>("PRAGMA synchronous")); // NORMAL
            Assert.Equal(5000, await writer.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
            Assert.Equal(1, await writer.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
            Assert.Equal("wal", await writer.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        }

        // The request connections (pooled) keep durable commits.
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await db.Database.OpenAsync();
            Assert.Equal(2, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"));
        }
    }

    [Fact]
    public async Task ForeignKeys_TagForMissingManifest_Fails()
    {
        using var db = new TestDatabase();
        await using var connection = await db.Database.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO repositories (id, name, created_at) VALUES (1, 'r', 't')");

        var error = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(
            "INSERT INTO tags (repository_id, name, manifest_id, updated_at) VALUES (1, 'latest', 42, 't')"));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM tags"));
    }

    [Fact]
    public async Task ForeignKeys_ReferencedBlobRow_CannotBeDeleted()
    {
        using var db = new TestDatabase();
        await using var connection = await db.Database.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO repositories (id, name, created_at) VALUES (1, 'r', 't');
            INSERT INTO blobs (id, digest, size, created_at, last_seen_at) VALUES (1, 'sha256:x', 1, 't', 't');
            INSERT INTO manifests (id, repository_id, digest, media_type, content, size, created_at) VALUES (1, 1, 'sha256:m', 'x', x'00', 1, 't');
            INSERT INTO manifest_blobs (manifest_id, blob_id) VALUES (1, 1);
            """);

        await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("DELETE FROM blobs WHERE id = 1"));

        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM blobs"));
    }

    [Fact]
    public async Task SnapshotTo_WritesConsistentCopyWithMode0600()
    {
        using var db = new TestDatabase();
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO repositories (name, created_at) VALUES ('snap', 't')");
        }
        var target = Path.Combine(db.Directory, "snapshots", "copy.db");

        db.Database.SnapshotTo(target);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        await using var copy = new SqliteConnection($"Data Source={target};Pooling=false");
        await copy.OpenAsync();
        Assert.Equal("snap", await copy.ExecuteScalarAsync<string>("SELECT name FROM repositories"));
        Assert.Throws<IOException>(() => db.Database.SnapshotTo(target));
    }

    [Fact]
    public async Task Initialize_DatabaseOfANewerSchema_RefusedAndLeftUnchanged()
    {
        using var db = new TestDatabase();
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (1000, 'from a newer release', '2030-01-01T00:00:00.000Z')");
        }
        var before = await MigrationsAsync(db.Database);

        var refused = Assert.Throws<DatabaseSchemaTooNewException>(() => new SqliteDatabase(db.Database.Path).Initialize());

        Assert.Equal(1000, refused.DatabaseVersion);
        Assert.Equal(before.Where(m => m.Version < 1000).Max(m => m.Version), refused.NewestKnownVersion);
        Assert.Contains(db.Database.Path, refused.Message, StringComparison.Ordinal);
        Assert.Contains("newer than this mcrsrv knows", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await MigrationsAsync(db.Database));
        // However the host wraps it (a hosted service's start, a task), the command line finds it.
        Assert.Same(refused, DatabaseSchemaTooNewException.Find(new AggregateException(new InvalidOperationException("outer", refused))));
        Assert.Null(DatabaseSchemaTooNewException.Find(new InvalidOperationException("unrelated")));
    }

    private static async Task<List<(long Version, string Name, string AppliedAt)>> MigrationsAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(long, string, string)>(
            "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")).AsList();
    }
}
