using System.Data;
using Dapper;
using Mcr.Core.Names;
using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Registry;

/// <summary>SQL and helpers shared by the registry metadata stores.</summary>
internal static class RegistrySql
{
    /// <summary>
    /// Blob id and size if the blob is readable from repository <c>@repositoryId</c>: linked by upload or
    /// mount (<c>repository_blobs</c>, primary key lookup) or referenced by one of its manifests
    /// (<c>manifest_blobs</c> by blob, then the manifest's repository).
    /// </summary>
    public const string ReadableBlobByRepositoryId = """
        SELECT b.id, b.size FROM blobs b
        WHERE b.digest = @digest
          AND (EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.repository_id = @repositoryId AND rb.blob_id = b.id)
               OR EXISTS (SELECT 1 FROM manifest_blobs mb JOIN manifests m ON m.id = mb.manifest_id
                          WHERE mb.blob_id = b.id AND m.repository_id = @repositoryId))
        """;

    public static CommandDefinition Command(string sql, object? parameters, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    /// <summary>
    /// Starts a write transaction with <c>BEGIN IMMEDIATE</c>: the write lock is taken up front (waiting up to
    /// the busy timeout), so two writers never deadlock upgrading read locks, and checks made inside the
    /// transaction hold until it commits.
    /// </summary>
    public static SqliteTransaction BeginWrite(SqliteConnection connection) =>
        connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);

    /// <summary>The first row of a query, or null.</summary>
    public static async Task<T?> QueryOptionalAsync<T>(this SqliteConnection connection, CommandDefinition command)
        where T : struct
    {
        foreach (var row in await connection.QueryAsync<T>(command))
        {
            return row;
        }
        return null;
    }

    public static Task<long?> GetRepositoryIdAsync(SqliteConnection connection, SqliteTransaction? transaction, string name, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(Command(
            "SELECT id FROM repositories WHERE name = @name", new { name }, transaction, cancellationToken));

    /// <summary>The repository's id, creating the row if needed. Call inside a write transaction.</summary>
    public static async Task<long> GetOrCreateRepositoryAsync(
        SqliteConnection connection, SqliteTransaction transaction, string name, string now, CancellationToken cancellationToken)
    {
        EnsureValidName(name);
        var id = await GetRepositoryIdAsync(connection, transaction, name, cancellationToken);
        if (id is { } existing)
        {
            return existing;
        }
        return await connection.ExecuteScalarAsync<long>(Command(
            "INSERT INTO repositories (name, created_at) VALUES (@name, @now) RETURNING id",
            new { name, now }, transaction, cancellationToken));
    }

    /// <summary>Names reach the store already validated by the HTTP layer; an invalid one here is a bug.</summary>
    public static void EnsureValidName(string name)
    {
        if (!RepositoryName.IsValid(name))
        {
            throw new ArgumentException($"invalid repository name '{name}'", nameof(name));
        }
    }

    public static void EnsureValidPageSize(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        // n + 1 rows are read to learn whether more follow.
        ArgumentOutOfRangeException.ThrowIfEqual(n, int.MaxValue);
    }
}
