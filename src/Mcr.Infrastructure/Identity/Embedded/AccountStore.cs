using System.Text.Json;
using Dapper;
using Mcr.Core.Identity;
using Mcr.Infrastructure.Database;
using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>The <c>accounts</c> table. Plain data access: rules live in <see cref="AccountService"/>.</summary>
internal sealed class AccountStore
{
    private const string Columns = """
        uuid AS Uuid, username AS Username, account_type AS AccountType, roles AS Roles,
        password_hash AS PasswordHash, disabled AS Disabled, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    private const int SqliteConstraint = 19;

    private readonly SqliteDatabase _database;

    public AccountStore(SqliteDatabase database) => _database = database;

    public async Task<AccountRecord?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(
            $"SELECT {Columns} FROM accounts WHERE username = @username", new { username, cancellationToken });
        return row?.ToRecord();
    }

    public async Task<AccountRecord?> FindByIdAsync(string uuid, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(
            $"SELECT {Columns} FROM accounts WHERE uuid = @uuid", new { uuid, cancellationToken });
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<AccountRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AccountRow>($"SELECT {Columns} FROM accounts ORDER BY username", new { cancellationToken });
        return [.. rows.Select(row => row.ToRecord())];
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM accounts)", new { cancellationToken }) != 0;
    }

    /// <summary>Inserts the account; false if the username (or uuid) is taken.</summary>
    public async Task<bool> InsertAsync(AccountRecord account, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync("""
                INSERT INTO accounts (uuid, username, account_type, roles, password_hash, disabled, created_at, updated_at)
                VALUES (@Uuid, @Username, @AccountType, @Roles, @PasswordHash, @Disabled, @CreatedAt, @UpdatedAt)
                """, AccountInsert.From(account, cancellationToken));
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            return false;
        }
    }

    /// <summary>Inserts the account only if the table is empty, atomically; true if it did.</summary>
    public async Task<bool> InsertIfNoAccountsAsync(AccountRecord account, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO accounts (uuid, username, account_type, roles, password_hash, disabled, created_at, updated_at)
            SELECT @Uuid, @Username, @AccountType, @Roles, @PasswordHash, @Disabled, @CreatedAt, @UpdatedAt
            WHERE NOT EXISTS (SELECT 1 FROM accounts)
            """, AccountInsert.From(account, cancellationToken));
        return inserted == 1;
    }

    public async Task<bool> SetPasswordHashAsync(string username, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE accounts SET password_hash = @passwordHash, updated_at = @now WHERE username = @username",
            new { username, passwordHash, now = DbTime.ToDb(now), cancellationToken }) == 1;
    }

    public async Task<bool> SetDisabledAsync(string username, bool disabled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE accounts SET disabled = @disabled, updated_at = @now WHERE username = @username",
            new { username, disabled = disabled ? 1 : 0, now = DbTime.ToDb(now), cancellationToken }) == 1;
    }

    // Dapper maps onto this shape (SQLite hands back TEXT and INTEGER); AccountRecord is what the code uses.
    internal sealed class AccountRow
    {
        public string Uuid { get; set; } = "";
        public string Username { get; set; } = "";
        public string AccountType { get; set; } = "";
        public string Roles { get; set; } = "[]";
        public string? PasswordHash { get; set; }
        public long Disabled { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";

        public AccountRecord ToRecord()
        {
            // An unreadable type or role list fails closed: no roles, and a type that grants nothing extra.
            var type = AccountTypes.TryParse(AccountType, out var parsed) ? parsed : Core.Identity.AccountType.Human;
            string[] roles;
            try
            {
                roles = JsonSerializer.Deserialize(Roles, SqlJsonContext.Default.StringArray) ?? [];
            }
            catch (JsonException)
            {
                roles = [];
            }
            return new AccountRecord(Uuid, Username, type, roles, PasswordHash, Disabled != 0,
                DbTime.FromDb(CreatedAt), DbTime.FromDb(UpdatedAt));
        }
    }

    /// <summary>The parameters of the INSERTs: the columns as stored, and the token Dapper.AOT runs the command with.</summary>
    internal sealed record AccountInsert(
        string Uuid,
        string Username,
        string AccountType,
        string Roles,
        string? PasswordHash,
        long Disabled,
        string CreatedAt,
        string UpdatedAt,
        CancellationToken CancellationToken)
    {
        public static AccountInsert From(AccountRecord account, CancellationToken cancellationToken) => new(
            account.Id,
            account.Username,
            account.Type.Name(),
            JsonSerializer.Serialize(account.Roles.ToArray(), SqlJsonContext.Default.StringArray),
            account.PasswordHash,
            account.Disabled ? 1 : 0,
            DbTime.ToDb(account.CreatedAt),
            DbTime.ToDb(account.UpdatedAt),
            cancellationToken);
    }
}

/// <summary>An account row including its password hash; stays inside the embedded provider.</summary>
internal sealed record AccountRecord(
    string Id,
    string Username,
    AccountType Type,
    IReadOnlyList<string> Roles,
    string? PasswordHash,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public Account ToAccount() => new(Id, Username, Type, Roles, Disabled, PasswordHash is not null, CreatedAt, UpdatedAt);
}
