using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Database;
using Mcr.Testing;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Tests.Audit;

public sealed class AuditQueueTests : IDisposable
{
    private static readonly DateTimeOffset _t0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _db = new();
    private readonly AuditStore _store;
    private readonly CapturingLogger<AuditQueue> _logger = new();

    public AuditQueueTests() => _store = new AuditStore(_db.Database);

    public void Dispose() => _db.Dispose();

    private AuditQueue Queue(int capacity = AuditQueue.DefaultCapacity, int batchSize = AuditQueue.DefaultBatchSize) =>
        new(_store, _logger, capacity, batchSize);

    private static AuditEvent Event(int i) =>
        new(_t0.AddSeconds(i), AuditEventTypes.ManifestPulled, ActorId: $"actor-{i}", Repository: "team/app");

    private async Task<long> CountAsync() => (await _store.ListAsync(new AuditQuery { N = 1 })).Total;

    [Fact]
    public async Task FlushAsync_ThousandQueuedBeforeStart_WrittenInFullBatches()
    {
        var queue = Queue(batchSize: 256);
        for (var i = 0; i < 1000; i++)
        {
            queue.Record(Event(i));
        }

        await queue.StartAsync(CancellationToken.None);
        await queue.FlushAsync();

        Assert.Equal(1000, await CountAsync());
        Assert.Equal(1000, queue.WrittenCount);
        // 256 + 256 + 256 + 232: one transaction per batch, not per event
        Assert.Equal(4, queue.BatchCount);
        await queue.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task FlushAsync_WhileRunning_SeesEverythingRecordedBefore()
    {
        var queue = Queue();
        await queue.StartAsync(CancellationToken.None);

        for (var i = 0; i < 1000; i++)
        {
            queue.Record(Event(i));
        }
        await queue.FlushAsync();

        Assert.Equal(1000, await CountAsync());
        Assert.True(queue.BatchCount <= 1000);
        await queue.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task FlushAsync_NothingRecorded_CompletesAtOnce()
    {
        var queue = Queue();
        Assert.True(queue.FlushAsync().IsCompleted);
        await queue.StartAsync(CancellationToken.None);
        await queue.FlushAsync();
        await queue.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_EventsStillQueued_AllWrittenBeforeReturn()
    {
        var queue = Queue(batchSize: 16);
        await queue.StartAsync(CancellationToken.None);
        for (var i = 0; i < 500; i++)
        {
            queue.Record(Event(i));
        }

        await queue.StopAsync(CancellationToken.None);

        Assert.Equal(500, await CountAsync());
        Assert.Equal(0, queue.DroppedCount);
    }

    [Fact]
    public async Task Record_QueueFull_DropsOldestCountsAndWarns()
    {
        var queue = Queue(capacity: 10);
        for (var i = 0; i < 15; i++)
        {
            queue.Record(Event(i));
        }

        Assert.Equal(5, queue.DroppedCount);
        await queue.StartAsync(CancellationToken.None);
        await queue.FlushAsync();
        await queue.StopAsync(CancellationToken.None);

        var page = await _store.ListAsync(new AuditQuery { N = 100 });
        Assert.Equal(
            Enumerable.Range(5, 10).Select(i => $"actor-{i}").Reverse(),
            page.Items.Select(e => e.Event.ActorId));
        var warning = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("5 events dropped", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_AfterStop_CountedAsDroppedAndFlushDoesNotWait()
    {
        var queue = Queue();
        await queue.StartAsync(CancellationToken.None);
        await queue.StopAsync(CancellationToken.None);

        queue.Record(Event(1));

        Assert.Equal(1, queue.DroppedCount);
        await queue.FlushAsync();
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Record_Details_StoredExactlyAsGiven()
    {
        var queue = Queue();
        await queue.StartAsync(CancellationToken.None);
        var details = new Dictionary<string, string> { ["tag"] = "v1.2", ["media_type"] = "application/vnd.oci.image.manifest.v1+json" };

        queue.Record(new AuditEvent(_t0, AuditEventTypes.ManifestPushed, "actor", "team/app", "sha256:abc", "10.0.0.1", details));
        queue.Record(new AuditEvent(_t0.AddSeconds(1), AuditEventTypes.LoginFailed, ActorId: "who"));
        await queue.StopAsync(CancellationToken.None);

        var items = (await _store.ListAsync(new AuditQuery())).Items;
        Assert.Equal(2, items.Count);
        Assert.Null(items[0].Event.Details);
        var pushed = items[1].Event;
        // nothing added (no token, password or anything else) and nothing lost
        Assert.Equal(details.OrderBy(kv => kv.Key), pushed.Details!.OrderBy(kv => kv.Key));
        Assert.Equal(("actor", "team/app", "sha256:abc", "10.0.0.1"), (pushed.ActorId, pushed.Repository, pushed.Digest, pushed.ClientIp));
    }

    [Fact]
    public async Task WriteFails_BatchCountedAsDroppedAndLoopKeepsGoingThenRecovers()
    {
        // a real database file without the schema: every insert fails with "no such table"
        var broken = new SqliteDatabase(Path.Combine(_db.Directory, "empty.db"));
        var queue = new AuditQueue(new AuditStore(broken), _logger, 100, 10);
        await queue.StartAsync(CancellationToken.None);

        queue.Record(Event(1));
        await queue.FlushAsync();
        queue.Record(Event(2));
        await queue.FlushAsync();
        broken.Initialize(); // the table appears: the writer's next connection can insert
        queue.Record(Event(3));
        await queue.FlushAsync();
        await queue.StopAsync(CancellationToken.None);

        Assert.Equal(2, queue.DroppedCount);
        Assert.Equal(1, queue.WrittenCount);
        Assert.Equal(1, (await new AuditStore(broken).ListAsync(new AuditQuery())).Total);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public void Constructor_BadSizes_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Queue(capacity: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Queue(batchSize: 0));
    }
}
