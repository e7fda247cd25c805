using System.Text.Json;
using Mcr.Infrastructure.Database;
using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Audit;

/// <summary>
/// One connection and one prepared insert into <c>audit_log</c>, kept open across batches by the audit
/// queue's writer. A connection per batch (dozens a second under pull load) loaded the schema and read
/// the table's pages from the file again each time.
/// </summary>
public sealed class AuditWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _time;
    private readonly SqliteParameter _type;
    private readonly SqliteParameter _actor;
    private readonly SqliteParameter _repository;
    private readonly SqliteParameter _digest;
    private readonly SqliteParameter _ip;
    private readonly SqliteParameter _details;

    private AuditWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO audit_log (event_time, event_type, actor_id, repository, digest, ip_address, details)
            VALUES ($time, $type, $actor, $repository, $digest, $ip, $details)
            """;
        _time = _insert.Parameters.Add("$time", SqliteType.Text);
        _type = _insert.Parameters.Add("$type", SqliteType.Text);
        _actor = _insert.Parameters.Add("$actor", SqliteType.Text);
        _repository = _insert.Parameters.Add("$repository", SqliteType.Text);
        _digest = _insert.Parameters.Add("$digest", SqliteType.Text);
        _ip = _insert.Parameters.Add("$ip", SqliteType.Text);
        _details = _insert.Parameters.Add("$details", SqliteType.Text);
    }

    /// <summary>
    /// Opens a writer on a connection of its own. Not a pooled request connection: the queue's rows are
    /// acknowledged to no one, so its commits need not wait for the disk (see
    /// <see cref="SqliteDatabase.OpenUnacknowledgedWriterAsync"/>).
    /// </summary>
    public static async Task<AuditWriter> OpenAsync(SqliteDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new AuditWriter(await database.OpenUnacknowledgedWriterAsync(cancellationToken));
    }

    /// <summary>Inserts <paramref name="events"/> in one transaction.</summary>
    public async Task WriteAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        _insert.Transaction = transaction;
        foreach (var e in events)
        {
            _time.Value = DbTime.ToDb(e.Time);
            _type.Value = e.EventType;
            _actor.Value = (object?)e.ActorId ?? DBNull.Value;
            _repository.Value = (object?)e.Repository ?? DBNull.Value;
            _digest.Value = (object?)e.Digest ?? DBNull.Value;
            _ip.Value = (object?)e.ClientIp ?? DBNull.Value;
            _details.Value = e.Details is null
                ? DBNull.Value
                : JsonSerializer.Serialize(e.Details, AuditJsonContext.Default.IReadOnlyDictionaryStringString);
            await _insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
