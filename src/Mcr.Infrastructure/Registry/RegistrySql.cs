using System.Data;
using Dapper;
using Mcr.Core.Names;
using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Registry;

/// <summary>
/// SQL and helpers shared by the registry metadata stores.
/// <para>How the infrastructure calls Dapper (every call is compiled by Dapper.AOT, see <c>Database/DapperAot.cs</c>):
/// the SQL is passed directly, and is a constant wherever it can be, never in a <see cref="CommandDefinition"/>
/// (Dapper.AOT cannot read it there and leaves the call on Dapper's reflection path); the parameters are an anonymous
/// object or a concrete class, never <c>object</c> or a generic type; the <see cref="CancellationToken"/> travels as a
/// member of that object (Dapper.AOT uses it as the command's token and does not bind it); bytes go in a
/// <see cref="Database.BinaryValue"/>; rows are classes or records, not value tuples, which Dapper.AOT does not map.
/// Row and parameter types are at least internal: the generated code cannot see a private nested type, and Dapper.AOT
/// then silently leaves the call on Dapper's reflection path (it also skipped, as silently, a call whose method
/// serialized its JSON parameter inline: <c>RepositoryInfoStore.ToJsonArray</c> is a helper for that reason).
/// Nothing else of Dapper's runtime is used (no <c>AsList</c>, <c>DynamicParameters</c> or <c>IN @list</c>): it would
/// pull Dapper's reflection code into a Native AOT build. The AOT publish is the check: a call left on Dapper's
/// reflection path fails it with IL2104/IL3053 for the Dapper assembly.</para>
/// </summary>
internal static class RegistrySql
{
    /// <summary>
    /// Blob id and size if the blob is readable from repository <c>@repositoryId</c>: linked by upload or
    /// mount (<c>repository_blobs</c>, primary key lookup) or referenced by one of its manifests
    /// (<c>manifest_blobs</c> by blob, then the manifest's repository).
    /// </summary>
    public const string ReadableBlobByRepositoryId = """
        SELECT b.id AS Id, b.size AS Size FROM blobs b
        WHERE b.digest = @digest
          AND (EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.repository_id = @repositoryId AND rb.blob_id = b.id)
               OR EXISTS (SELECT 1 FROM manifest_blobs mb JOIN manifests m ON m.id = mb.manifest_id
                          WHERE mb.blob_id = b.id AND m.repository_id = @repositoryId))
        """;

    /// <summary>A row of <see cref="ReadableBlobByRepositoryId"/>.</summary>
    public sealed record ReadableBlob(long Id, long Size);

    /// <summary>
    /// Starts a write transaction with <c>BEGIN IMMEDIATE</c>: the write lock is taken up front (waiting up to
    /// the busy timeout), so two writers never deadlock upgrading read locks, and checks made inside the
    /// transaction hold until it commits.
    /// </summary>
    public static SqliteTransaction BeginWrite(SqliteConnection connection) =>
        connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);

    public static Task<long?> GetRepositoryIdAsync(SqliteConnection connection, SqliteTransaction? transaction, string name, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(
            "SELECT id FROM repositories WHERE name = @name", new { name, cancellationToken }, transaction);

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
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO repositories (name, created_at) VALUES (@name, @now) RETURNING id",
            new { name, now, cancellationToken }, transaction);
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
