using Mcr.Infrastructure.Audit;
using Mcr.Testing;
using Microsoft.Data.Sqlite;

namespace Mcr.Infrastructure.Tests.Audit;

public sealed class AuditStoreTests : IDisposable
{
    private static readonly DateTimeOffset _t0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _db = new();
    private readonly AuditStore _store;

    public AuditStoreTests() => _store = new AuditStore(_db.Database);

    public void Dispose() => _db.Dispose();

    /// <summary>Six events over six minutes: two actors, two repositories, three types.</summary>
    private async Task SeedAsync()
    {
        await _store.InsertAsync(
        [
            new(_t0, AuditEventTypes.LoginOk, ActorId: "alice"),
            new(_t0.AddMinutes(1), AuditEventTypes.ManifestPushed, "alice", "team/app", "sha256:a1"),
            new(_t0.AddMinutes(2), AuditEventTypes.ManifestPulled, "bob", "team/app", "sha256:a1"),
            new(_t0.AddMinutes(3), AuditEventTypes.ManifestPulled, "bob", "other/db", "sha256:b1"),
            new(_t0.AddMinutes(4), AuditEventTypes.ManifestPushed, "bob", "other/db", "sha256:b2"),
            new(_t0.AddMinutes(5), AuditEventTypes.ManifestPulled, "alice", "other/db", "sha256:b2"),
        ]);
    }

    private async Task<IReadOnlyList<DateTimeOffset>> TimesAsync(AuditQuery query) =>
        [.. (await _store.ListAsync(query)).Items.Select(e => e.Event.Time)];

    private static DateTimeOffset[] Minutes(params int[] minutes) => [.. minutes.Select(m => _t0.AddMinutes(m))];

    [Fact]
    public async Task OpenWriterAsync_SeveralBatchesOnOneConnection_WritesEveryRowOnce()
    {
        // The queue keeps one writer for its lifetime: its prepared insert runs in one transaction after another,
        // while other connections read and write the table.
        await using (var writer = await _store.OpenWriterAsync())
        {
            await writer.WriteAsync([new AuditEvent(_t0, AuditEventTypes.ManifestPulled, "bob", "team/app", "sha256:a1")]);
            await _store.InsertAsync([new AuditEvent(_t0.AddMinutes(1), AuditEventTypes.LoginOk, ActorId: "alice")]);
            Assert.Equal(2, (await _store.ListAsync(new AuditQuery())).Total);
            await writer.WriteAsync([]);
            await writer.WriteAsync(
            [
                new AuditEvent(_t0.AddMinutes(2), AuditEventTypes.ManifestPulled, "bob", "team/app", "sha256:a1"),
                new AuditEvent(_t0.AddMinutes(3), AuditEventTypes.ManifestPushed, "carol", "team/app", "sha256:a2"),
            ]);
        }

        Assert.Equal(Minutes(3, 2, 1, 0), await TimesAsync(new AuditQuery()));
        Assert.Equal(["carol"], (await _store.ListAsync(new AuditQuery { EventType = AuditEventTypes.ManifestPushed })).Items.Select(e => e.Event.ActorId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(AuditQueue.DefaultBatchSize + 1)]
    public async Task WriteAsync_BatchOfAnySize_WritesEveryRowInOrder_WithEveryField(int count)
    {
        // One statement, its values bound by position, stepped once per row: every row, in order, no field shifted.
        var events = Enumerable.Range(0, count).Select(i => new AuditEvent(
            _t0.AddSeconds(i),
            i % 2 == 0 ? AuditEventTypes.ManifestPulled : AuditEventTypes.LoginFailed,
            ActorId: i % 3 == 0 ? null : $"user{i}",
            Repository: $"team/app{i}",
            Digest: i % 5 == 0 ? null : $"sha256:{i:x64}",
            ClientIp: $"10.0.{i / 250}.{i % 250}",
            Details: i % 4 == 0 ? new Dictionary<string, string> { ["n"] = $"{i}" } : null)).ToArray();

        await using (var writer = await _store.OpenWriterAsync())
        {
            await writer.WriteAsync(events);
        }

        await AssertStoredAsync(events);
    }

    [Fact]
    public async Task WriteAsync_EdgeValues_StoredExactly()
    {
        // Empty text stays empty (not NULL), times keep their 100 ns ticks, and text longer than the
        // writer's first encoding buffer, non-ASCII included, arrives whole.
        var longActor = string.Concat(Enumerable.Repeat("ünïcødé-😀", 200));
        AuditEvent[] events =
        [
            new(_t0.AddTicks(1), AuditEventTypes.ManifestPulled, ActorId: "", Repository: "", Digest: "", ClientIp: "",
                Details: new Dictionary<string, string>()),
            new(_t0.AddTicks(9_999_999), AuditEventTypes.LoginFailed, ActorId: longActor, ClientIp: "::1",
                Details: new Dictionary<string, string> { ["reason"] = "mot de passe erroné \"😀\"", [""] = "" }),
            new(_t0.AddSeconds(1), AuditEventTypes.LoginOk, ActorId: "short"),
        ];

        await _store.InsertAsync(events);

        await AssertStoredAsync(events);
    }

    [Fact]
    public async Task WriteAsync_RowFails_RollsBackTheBatch_AndTheWriterWritesTheNext()
    {
        // event_type is NOT NULL: the second row fails, the first is not kept, and the statement the
        // writer keeps is still usable for the next batch.
        await using var writer = await _store.OpenWriterAsync();
        AuditEvent good = new(_t0, AuditEventTypes.LoginOk, ActorId: "alice");
        AuditEvent bad = new(_t0.AddMinutes(1), EventType: null!, ActorId: "bob");

        var failure = await Assert.ThrowsAsync<SqliteException>(() => writer.WriteAsync([good, bad]));
        Assert.Equal(19, failure.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(0, (await _store.ListAsync(new AuditQuery())).Total);

        await writer.WriteAsync([good]);
        await AssertStoredAsync([good]);
    }

    /// <summary>The log holds exactly <paramref name="events"/>, ids in their order, every field equal.</summary>
    private async Task AssertStoredAsync(IReadOnlyList<AuditEvent> events)
    {
        var page = await _store.ListAsync(new AuditQuery { N = AuditQuery.MaxPageSize });
        Assert.Equal(events.Count, page.Total);
        var stored = page.Items.OrderBy(entry => entry.Id).ToArray();
        foreach (var (expected, actual) in events.Zip(stored.Select(entry => entry.Event)))
        {
            Assert.Equal(expected with { Details = null }, actual with { Details = null });
            Assert.Equal(expected.Details?.OrderBy(pair => pair.Key), actual.Details?.OrderBy(pair => pair.Key));
        }
    }

    [Fact]
    public async Task ListAsync_NoFilters_AllNewestFirstWithTotal()
    {
        await SeedAsync();

        var page = await _store.ListAsync(new AuditQuery());

        Assert.Equal(6, page.Total);
        Assert.Equal(Minutes(5, 4, 3, 2, 1, 0), page.Items.Select(e => e.Event.Time));
    }

    [Fact]
    public async Task ListAsync_EmptyLog_EmptyPage()
    {
        var page = await _store.ListAsync(new AuditQuery());
        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task ListAsync_EventTypeFilter_OnlyThatType()
    {
        await SeedAsync();
        Assert.Equal(Minutes(5, 3, 2), await TimesAsync(new AuditQuery { EventType = AuditEventTypes.ManifestPulled }));
    }

    [Fact]
    public async Task ListAsync_ActorFilter_OnlyThatActor()
    {
        await SeedAsync();
        Assert.Equal(Minutes(4, 3, 2), await TimesAsync(new AuditQuery { ActorId = "bob" }));
    }

    [Fact]
    public async Task ListAsync_RepositoryFilter_OnlyThatRepository()
    {
        await SeedAsync();
        Assert.Equal(Minutes(2, 1), await TimesAsync(new AuditQuery { Repository = "team/app" }));
    }

    [Fact]
    public async Task ListAsync_Since_IsInclusive()
    {
        await SeedAsync();
        Assert.Equal(Minutes(5, 4), await TimesAsync(new AuditQuery { Since = _t0.AddMinutes(4) }));
    }

    [Fact]
    public async Task ListAsync_Until_IsExclusive()
    {
        await SeedAsync();
        Assert.Equal(Minutes(1, 0), await TimesAsync(new AuditQuery { Until = _t0.AddMinutes(2) }));
    }

    [Fact]
    public async Task ListAsync_TimeRangeInOtherOffset_ComparedInUtc()
    {
        await SeedAsync();
        var plusTwo = TimeSpan.FromHours(2);
        var query = new AuditQuery { Since = _t0.AddMinutes(1).ToOffset(plusTwo), Until = _t0.AddMinutes(3).ToOffset(plusTwo) };

        Assert.Equal(Minutes(2, 1), await TimesAsync(query));
    }

    [Fact]
    public async Task ListAsync_CombinedFilters_AreAnded()
    {
        await SeedAsync();
        var query = new AuditQuery
        {
            EventType = AuditEventTypes.ManifestPulled,
            ActorId = "bob",
            Repository = "other/db",
            Since = _t0,
            Until = _t0.AddMinutes(10),
        };

        var page = await _store.ListAsync(query);

        Assert.Equal(1, page.Total);
        Assert.Equal("sha256:b1", Assert.Single(page.Items).Event.Digest);
    }

    [Fact]
    public async Task ListAsync_FilterTotal_CountsAllMatchesNotJustThePage()
    {
        await SeedAsync();
        var page = await _store.ListAsync(new AuditQuery { ActorId = "alice", N = 1 });

        Assert.Single(page.Items);
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task ListAsync_Paging_NoDuplicatesNoGaps()
    {
        // identical timestamps on purpose: the id breaks ties, so pages stay stable
        var events = Enumerable.Range(0, 23)
            .Select(i => new AuditEvent(_t0.AddSeconds(i / 3), AuditEventTypes.BlobUploaded, ActorId: $"a{i}"))
            .ToArray();
        await _store.InsertAsync(events);

        var seen = new List<AuditEntry>();
        for (var offset = 0; ; offset += 5)
        {
            var page = await _store.ListAsync(new AuditQuery { N = 5, Offset = offset });
            Assert.Equal(23, page.Total);
            if (page.Items.Count == 0)
            {
                break;
            }
            seen.AddRange(page.Items);
        }

        Assert.Equal(23, seen.Count);
        Assert.Equal(23, seen.Select(e => e.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(e => e.Event.Time).ThenByDescending(e => e.Id).Select(e => e.Id), seen.Select(e => e.Id));
        Assert.Equal(events.Select(e => e.ActorId).Order(), seen.Select(e => e.Event.ActorId).Order());
    }

    [Fact]
    public async Task InsertAsync_Details_JsonRoundTrip()
    {
        var details = new Dictionary<string, string>
        {
            ["tag"] = "v1",
            ["quote"] = "say \"hi\"\n",
            ["unicode"] = "größe ✓",
            ["empty"] = "",
        };
        await _store.InsertAsync([new AuditEvent(_t0, AuditEventTypes.ManifestPushed, Details: details)]);

        var stored = Assert.Single((await _store.ListAsync(new AuditQuery())).Items).Event;

        Assert.Equal(details.OrderBy(kv => kv.Key), stored.Details!.OrderBy(kv => kv.Key));
        Assert.Equal(_t0, stored.Time);
        Assert.Null(stored.ActorId);
        Assert.Null(stored.Repository);
        Assert.Null(stored.Digest);
        Assert.Null(stored.ClientIp);
    }

    [Fact]
    public async Task InsertAsync_EmptyDetails_StoredAsEmptyObject()
    {
        await _store.InsertAsync([new AuditEvent(_t0, AuditEventTypes.GcStarted, Details: new Dictionary<string, string>())]);

        var stored = Assert.Single((await _store.ListAsync(new AuditQuery())).Items).Event;
        Assert.NotNull(stored.Details);
        Assert.Empty(stored.Details);
    }

    [Fact]
    public async Task InsertAsync_EmptyBatch_NoOp()
    {
        await _store.InsertAsync([]);
        Assert.Equal(0, (await _store.ListAsync(new AuditQuery())).Total);
    }

    [Fact]
    public async Task ListAsync_InvalidQuery_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync(new AuditQuery { N = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync(new AuditQuery { Offset = -1 }));
    }
}
