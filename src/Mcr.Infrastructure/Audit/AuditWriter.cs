using System.Text;
using System.Text.Json;
using Mcr.Infrastructure.Database;
using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Audit;

/// <summary>
/// One connection and two prepared inserts into <c>audit_log</c>, kept open across batches by the audit
/// queue's writer: one of <see cref="RowsPerStatement"/> rows for the bulk of a batch, one of a single
/// row for the rest. A connection per batch (dozens a second under pull load) loaded the schema and read
/// the table's pages from the file again each time; a statement per row spent more of the writer's time
/// in the statement's machinery (a data reader per execution) than in SQLite's tables.
/// </summary>
public sealed class AuditWriter : IAsyncDisposable
{
    /// <summary>Rows per execution of the bulk insert (7 parameters each, far below SQLite's limit).</summary>
    internal const int RowsPerStatement = 32;

    private readonly SqliteConnection _connection;
    private readonly Insert _bulk;
    private readonly Insert _single;

    private AuditWriter(SqliteConnection connection)
    {
        _connection = connection;
        _bulk = new Insert(connection, RowsPerStatement);
        _single = new Insert(connection, 1);
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

    /// <summary>Inserts <paramref name="events"/> in one transaction, in order.</summary>
    public async Task WriteAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        var next = 0;
        for (; next + RowsPerStatement <= events.Count; next += RowsPerStatement)
        {
            _bulk.Execute(transaction, events, next);
        }
        for (; next < events.Count; next++)
        {
            _single.Execute(transaction, events, next);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _bulk.DisposeAsync();
        await _single.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>A prepared <c>INSERT … VALUES (…), (…)</c> of a fixed number of rows.</summary>
    private sealed class Insert : IAsyncDisposable
    {
        private const int Columns = 7;

        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Insert(SqliteConnection connection, int rows)
        {
            _command = connection.CreateCommand();
            _parameters = new SqliteParameter[rows * Columns];
            var sql = new StringBuilder("INSERT INTO audit_log (event_time, event_type, actor_id, repository, digest, ip_address, details) VALUES ");
            for (var row = 0; row < rows; row++)
            {
                sql.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < Columns; column++)
                {
                    var name = $"$p{(row * Columns) + column}";
                    sql.Append(column == 0 ? name : $", {name}");
                    _parameters[(row * Columns) + column] = _command.Parameters.Add(name, SqliteType.Text);
                }
                sql.Append(')');
            }
            _command.CommandText = sql.ToString();
        }

        /// <summary>Inserts as many events as this statement has rows, from <paramref name="first"/>.</summary>
        public void Execute(SqliteTransaction transaction, IReadOnlyList<AuditEvent> events, int first)
        {
            for (var i = 0; i < _parameters.Length; i += Columns)
            {
                var e = events[first + (i / Columns)];
                _parameters[i].Value = DbTime.ToDb(e.Time);
                _parameters[i + 1].Value = e.EventType;
                _parameters[i + 2].Value = (object?)e.ActorId ?? DBNull.Value;
                _parameters[i + 3].Value = (object?)e.Repository ?? DBNull.Value;
                _parameters[i + 4].Value = (object?)e.Digest ?? DBNull.Value;
                _parameters[i + 5].Value = (object?)e.ClientIp ?? DBNull.Value;
                _parameters[i + 6].Value = e.Details is null
                    ? DBNull.Value
                    : JsonSerializer.Serialize(e.Details, AuditJsonContext.Default.IReadOnlyDictionaryStringString);
            }
            _command.Transaction = transaction;
            // Synchronous: Microsoft.Data.Sqlite's async calls run synchronously anyway, behind a Task.
            _command.ExecuteNonQuery();
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }
}
