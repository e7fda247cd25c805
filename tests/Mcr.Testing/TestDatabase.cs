using Mcr.Infrastructure.Database;

namespace Mcr.Testing;

/// <summary>A real, migrated SQLite database in a temp directory.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly TempDirectory _directory = new("mcr-db");

    public TestDatabase()
    {
        Database = new SqliteDatabase(_directory.Combine("mcr.db"));
        Database.Initialize();
    }

    public SqliteDatabase Database { get; }

    public string Directory => _directory.Path;

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting the directory.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
