using System.Data.Common;
using Dapper;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Database;

namespace Mcr.Infrastructure.Policy;

/// <summary>
/// The stored policy rules (<c>policy_rules</c>). Every write is validated with
/// <see cref="PolicyRuleValidator"/> first, so no invalid rule ever reaches the table; rejected
/// writes come back as <see cref="PolicyRuleWriteStatus.Invalid"/> with the messages. The caller
/// reloads <see cref="IPolicyEngine"/> and writes the audit event after a successful write.
/// </summary>
public sealed class PolicyRuleStore(SqliteDatabase database, TimeProvider time)
{
    public const int MaxPageSize = 1000;

    private const string Columns =
        "id AS Id, priority AS Priority, description AS Description, rule_json AS RuleJson, enabled AS Enabled, " +
        "created_by AS CreatedBy, created_at AS CreatedAt, updated_at AS UpdatedAt";

    /// <summary>Stores a new rule (its <see cref="PolicyRule.Id"/> is ignored and assigned here).</summary>
    public async Task<PolicyRuleWriteResult> CreateAsync(
        PolicyRule rule, bool enabled = true, string? createdBy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var errors = PolicyRuleValidator.Validate(rule);
        if (errors.Count > 0)
        {
            return PolicyRuleWriteResult.Invalid(errors);
        }

        var now = DbTime.ToDb(time.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO policy_rules (priority, description, rule_json, enabled, created_by, created_at, updated_at)
            VALUES (@Priority, @Description, @RuleJson, @Enabled, @CreatedBy, @Now, @Now)
            RETURNING id
            """,
            new
            {
                rule.Priority,
                rule.Description,
                RuleJson = PolicyRuleJson.Serialize(rule),
                Enabled = enabled ? 1 : 0,
                CreatedBy = createdBy,
                Now = now,
                cancellationToken,
            });
        var stored = await GetAsync(connection, null, id, cancellationToken);
        return PolicyRuleWriteResult.Ok(stored!);
    }

    /// <summary>The rule with this id, or null.</summary>
    public async Task<StoredPolicyRule?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id, cancellationToken);
    }

    /// <summary>
    /// All rules, enabled or not, by priority then id. <paramref name="n"/> must be
    /// 1..<see cref="MaxPageSize"/> and <paramref name="offset"/> ≥ 0 (the API layer checks its input).
    /// </summary>
    public async Task<PolicyRulePage> ListAsync(int n = 100, int offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxPageSize);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM policy_rules ORDER BY priority, id LIMIT @N OFFSET @Offset",
            new { N = n, Offset = offset, cancellationToken });
        var total = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM policy_rules", new { cancellationToken });
        return new PolicyRulePage([.. rows.Select(ToStored)], total);
    }

    /// <summary>The enabled rules by priority then id: what the engine evaluates besides the built-ins.</summary>
    public async Task<IReadOnlyList<PolicyRule>> ListEnabledAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM policy_rules WHERE enabled = 1 ORDER BY priority, id", new { cancellationToken });
        return [.. rows.Select(r => ToStored(r).Rule)];
    }

    /// <summary>
    /// Applies <paramref name="update"/> to the stored rule and validates the result, in one
    /// transaction so concurrent partial updates cannot lose each other's fields.
    /// </summary>
    public async Task<PolicyRuleWriteResult> UpdateAsync(long id, PolicyRuleUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var current = await GetAsync(connection, transaction, id, cancellationToken);
        if (current is null)
        {
            return PolicyRuleWriteResult.NotFound;
        }
        var rule = update.ApplyTo(current.Rule);
        var errors = PolicyRuleValidator.Validate(rule);
        if (errors.Count > 0)
        {
            return PolicyRuleWriteResult.Invalid(errors);
        }

        await connection.ExecuteAsync(
            """
            UPDATE policy_rules
            SET priority = @Priority, description = @Description, rule_json = @RuleJson, enabled = @Enabled, updated_at = @Now
            WHERE id = @Id
            """,
            new
            {
                Id = id,
                rule.Priority,
                rule.Description,
                RuleJson = PolicyRuleJson.Serialize(rule),
                Enabled = (update.Enabled ?? current.Enabled) ? 1 : 0,
                Now = DbTime.ToDb(time.GetUtcNow()),
                cancellationToken,
            },
            transaction);
        var stored = await GetAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return PolicyRuleWriteResult.Ok(stored!);
    }

    /// <summary>Deletes the rule; false when there was none.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync("DELETE FROM policy_rules WHERE id = @Id", new { Id = id, cancellationToken });
        return deleted > 0;
    }

    private static async Task<StoredPolicyRule?> GetAsync(
        DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM policy_rules WHERE id = @Id", new { Id = id, cancellationToken }, transaction);
        return row is null ? null : ToStored(row);
    }

    private static StoredPolicyRule ToStored(Row row) => new(
        PolicyRuleJson.Deserialize(row.Id, checked((int)row.Priority), row.Description, row.RuleJson),
        row.Enabled != 0,
        row.CreatedBy,
        DbTime.FromDb(row.CreatedAt),
        DbTime.FromDb(row.UpdatedAt));

    /// <summary>The columns as SQLite returns them (integers are 64-bit).</summary>
    internal sealed class Row
    {
        public long Id { get; set; }
        public long Priority { get; set; }
        public string Description { get; set; } = "";
        public string RuleJson { get; set; } = "";
        public long Enabled { get; set; }
        public string? CreatedBy { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
    }
}
