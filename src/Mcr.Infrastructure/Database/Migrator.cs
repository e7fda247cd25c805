using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Database;

/// <summary>
/// Applies <see cref="Migrations.All"/> in order, each in its own transaction, recording it in
/// <c>schema_migrations</c>. Already-applied versions are skipped, so running twice is a no-op.
/// A database that records a version this build does not know (written by a newer MCR) is refused
/// before anything is changed: an older binary would misread the newer schema.
/// </summary>
internal static class Migrator
{
    public static void Apply(SqliteConnection connection)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                );
                """;
            create.ExecuteNonQuery();
        }

        var applied = new HashSet<long>();
        using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT version FROM schema_migrations";
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                applied.Add(reader.GetInt64(0));
            }
        }

        var known = Migrations.All.Select(m => m.Version).ToHashSet();
        var unknown = applied.Where(v => !known.Contains(v)).Order().ToList();
        if (unknown.Count > 0)
        {
            throw new DatabaseSchemaTooNewException(connection.DataSource, unknown[^1], known.Max());
        }

        foreach (var migration in Migrations.All)
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = migration.Sql;
                command.ExecuteNonQuery();
            }
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$t", DbTime.ToDb(DateTimeOffset.UtcNow));
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }
}
