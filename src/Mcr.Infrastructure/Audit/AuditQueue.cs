using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Audit;

/// <summary>
/// The in-process audit queue (SPEC §12): <see cref="Record"/> only appends to a bounded channel,
/// and this hosted service writes the events in batches, each batch in one transaction. Once an event
/// is queued the writer gives a batch <see cref="BatchWindow"/> to fill, so a busy registry writes a few
/// large transactions a second rather than one per handful of pulls.
/// </summary>
/// <remarks>
/// <para>Never blocks a request: when the channel is full the <em>oldest</em> queued event is
/// dropped, counted in <see cref="DroppedCount"/> and reported as a warning by the writer loop.
/// Events recorded after shutdown began are dropped and counted too.</para>
/// <para>Shutdown: <see cref="StopAsync"/> closes the channel and waits until the writer loop has
/// written everything still queued (bounded only by the host's shutdown timeout).</para>
/// <para>Register one instance as itself, as <see cref="IAuditSink"/> and as a hosted service.</para>
/// <para>Not a <see cref="BackgroundService"/>: since .NET 10 it runs <c>ExecuteAsync</c> through
/// <c>Task.Run</c>, and a stop arriving before that task starts cancels it, losing whatever was queued
/// (seen in the tests). This writer task takes no cancellation token at all.</para>
/// </remarks>
public sealed class AuditQueue : IHostedService, IAuditSink
{
    public const int DefaultCapacity = 10_000;
    public const int DefaultBatchSize = 256;

    /// <summary>How long the writer waits for a batch to fill once an event is queued.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(25);

    private readonly Channel<AuditEvent> _channel;
    private readonly AuditStore _store;
    private readonly ILogger<AuditQueue> _logger;
    private readonly int _batchSize;
    private readonly Lock _flushLock = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];

    // _enqueued counts Record calls; _processed counts events written, dropped or failed.
    private long _enqueued;
    private long _processed;
    private long _written;
    private long _dropped;
    private long _droppedReported;
    private long _batches;
    private Task? _writer;
    private AuditWriter? _auditWriter; // the writer loop's connection, kept across batches

    public AuditQueue(AuditStore store, ILogger<AuditQueue> logger)
        : this(store, logger, DefaultCapacity, DefaultBatchSize)
    {
    }

    internal AuditQueue(AuditStore store, ILogger<AuditQueue> logger, int capacity, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _store = store;
        _logger = logger;
        _batchSize = batchSize;
        _channel = Channel.CreateBounded<AuditEvent>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => CountDropped(1));
    }

    /// <summary>Events lost because the queue was full or closed, or their batch failed to write.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Events written to the database.</summary>
    public long WrittenCount => Interlocked.Read(ref _written);

    /// <summary>Events waiting in the queue for the writer.</summary>
    public int QueuedCount => _channel.Reader.Count;

    /// <summary>Transactions committed by the writer loop (tests check batching with it).</summary>
    internal long BatchCount => Interlocked.Read(ref _batches);

    public void Record(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        Interlocked.Increment(ref _enqueued);
        if (!_channel.Writer.TryWrite(auditEvent))
        {
            // only after StopAsync closed the channel; DropOldest never refuses otherwise
            CountDropped(1);
        }
    }

    /// <summary>
    /// Completes once every event recorded before this call has been written (or dropped).
    /// Needs the writer loop running; before a snapshot or in tests.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _enqueued);
        lock (_flushLock)
        {
            if (Interlocked.Read(ref _processed) >= target)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add((target, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Task.Run: off the host's start-up thread before the first (synchronous) SQLite write
        _writer ??= Task.Run(WriterLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Closing the channel ends the writer loop once everything queued is written.
        _channel.Writer.TryComplete();
        if (_writer is { } writer)
        {
            // the host's shutdown timeout is the only limit on draining
            await writer.WaitAsync(cancellationToken);
        }
    }

    private async Task WriterLoopAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<AuditEvent>(_batchSize);
        while (await reader.WaitToReadAsync())
        {
            if (reader.Count < _batchSize)
            {
                // Under load, let a batch fill for a moment: one transaction per batch, and a transaction
                // costs far more than a row (each rewrites the index pages it touches).
                await Task.Delay(BatchWindow);
            }
            while (batch.Count < _batchSize && reader.TryRead(out var auditEvent))
            {
                batch.Add(auditEvent);
            }
            await WriteAsync(batch);
            batch.Clear();
            ReportDrops();
        }
        ReportDrops();
        await CloseAuditWriterAsync();
        AuditLog.Drained(_logger, WrittenCount);
    }

    private async Task WriteAsync(List<AuditEvent> batch)
    {
        try
        {
            _auditWriter ??= await _store.OpenWriterAsync(CancellationToken.None);
            await _auditWriter.WriteAsync(batch, CancellationToken.None);
            Interlocked.Add(ref _written, batch.Count);
            Interlocked.Increment(ref _batches);
            MarkProcessed(batch.Count);
        }
        catch (Exception e)
        {
            // the request that caused these events is long gone; losing them beats stopping the loop
            AuditLog.WriteFailed(_logger, e, batch.Count);
            CountDropped(batch.Count);
            // the next batch starts on a fresh connection, whatever state this one is in
            await CloseAuditWriterAsync();
        }
    }

    private async Task CloseAuditWriterAsync()
    {
        if (_auditWriter is { } writer)
        {
            _auditWriter = null;
            try
            {
                await writer.DisposeAsync();
            }
            catch (SqliteException)
            {
                // a broken connection may fail to close too; the loop must go on
            }
        }
    }

    private void CountDropped(int count)
    {
        Interlocked.Add(ref _dropped, count);
        MarkProcessed(count);
    }

    private void MarkProcessed(int count)
    {
        var processed = Interlocked.Add(ref _processed, count);
        lock (_flushLock)
        {
            for (var i = _flushWaiters.Count - 1; i >= 0; i--)
            {
                if (_flushWaiters[i].Target <= processed)
                {
                    _flushWaiters[i].Done.TrySetResult();
                    _flushWaiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Warns once per batch at most, with the drops since the last warning (never per event).</summary>
    private void ReportDrops()
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped > _droppedReported)
        {
            AuditLog.EventsDropped(_logger, dropped - _droppedReported, dropped);
            _droppedReported = dropped;
        }
    }
}
