using System.Text;
using System.Text.Json;
using Mcr.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Mcr.Infrastructure.Audit;

/// <summary>
/// One connection and one prepared single-row insert into <c>audit_log</c>, kept open across batches by
/// the audit queue's writer, its seven values bound by position. A connection per batch (dozens a second
/// under pull load) loaded the schema and read the table's pages from the file again each time.
/// </summary>
/// <remarks>
/// The insert goes through SQLite's own statement API (<see cref="raw"/>, the library under
/// Microsoft.Data.Sqlite) rather than a <see cref="SqliteCommand"/>: a command binds every parameter by
/// name, a linear search of the statement's names, and runs each execution through a data reader. At
/// ~20,000 <c>manifest_pulled</c> events a second those, not SQLite's tables, were most of the writer's
/// time (a 32-row command spent a fifth of it comparing parameter names).
/// </remarks>
public sealed class AuditWriter : IAsyncDisposable
{
    private const string InsertSql =
        "INSERT INTO audit_log (event_time, event_type, actor_id, repository, digest, ip_address, details) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insert;
    private byte[] _utf8 = new byte[1024]; // the text being bound; SQLite copies it (SQLITE_TRANSIENT)

    private AuditWriter(SqliteConnection connection)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, InsertSql, out _insert);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }

    /// <summary>
    /// Opens a writer on a connection of its own. Not a pooled request connection: the queue's rows are
    /// acknowledged to no one, so its commits need not wait for the disk (see
    /// <see cref="SqliteDatabase.OpenUnacknowledgedWriterAsync"/>).
    /// </summary>
    public static async Task<AuditWriter> OpenAsync(SqliteDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await database.OpenUnacknowledgedWriterAsync(cancellationToken);
        try
        {
            return new AuditWriter(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
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
        for (var i = 0; i < events.Count; i++)
        {
            Insert(events[i]);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _insert.Dispose(); // finalizes the statement, which must happen before its connection closes
        await _connection.DisposeAsync();
    }

    private void Insert(AuditEvent e)
    {
        Span<byte> time = stackalloc byte[DbTime.Utf8Length];
        DbTime.ToDbUtf8(e.Time, time);
        Check(raw.sqlite3_bind_text(_insert, 1, time));
        BindText(2, e.EventType);
        BindText(3, e.ActorId);
        BindText(4, e.Repository);
        BindText(5, e.Digest);
        BindText(6, e.ClientIp);
        Check(e.Details is null
            ? raw.sqlite3_bind_null(_insert, 7)
            : raw.sqlite3_bind_text(_insert, 7, JsonSerializer.SerializeToUtf8Bytes(e.Details, AuditJsonContext.Default.IReadOnlyDictionaryStringString)));
        var rc = raw.sqlite3_step(_insert);
        // reset in any case, so a failed row leaves the statement reusable; its result repeats the step's error
        raw.sqlite3_reset(_insert);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }
    }

    private void BindText(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_insert, index));
            return;
        }
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[length];
        }
        var written = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_insert, index, _utf8.AsSpan(0, written)));
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
}
