namespace Mcr.Infrastructure.Tests.Registry;

public sealed class UploadStoreTests : IDisposable
{
    private readonly RegistryTestContext _ctx = new();

    public void Dispose() => _ctx.Dispose();

    [Fact]
    public async Task Create_NewRepository_CreatesRepositoryAndSessionAtZero()
    {
        var id = Guid.NewGuid();

        var created = await _ctx.Uploads.CreateAsync("team/app", id);

        Assert.Equal(id, created.Id);
        Assert.Equal("team/app", created.Repository);
        Assert.Equal(0, created.Offset);
        Assert.Equal(_ctx.Time.GetUtcNow(), created.CreatedAt);
        Assert.NotNull(await _ctx.Repositories.GetIdAsync("team/app"));
        Assert.Equal(created, await _ctx.Uploads.GetAsync(id));
    }

    [Fact]
    public async Task Create_SameIdTwice_Throws()
    {
        var id = Guid.NewGuid();
        await _ctx.Uploads.CreateAsync("a", id);

        await Assert.ThrowsAnyAsync<Exception>(() => _ctx.Uploads.CreateAsync("b", id));
        Assert.Equal("a", (await _ctx.Uploads.GetAsync(id))!.Repository);
    }

    [Fact]
    public async Task Create_InvalidRepository_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _ctx.Uploads.CreateAsync("Bad", Guid.NewGuid()));
    }

    [Fact]
    public async Task UpdateOffset_Known_StoresOffsetAndRenewsUpdatedAt()
    {
        var id = Guid.NewGuid();
        var created = await _ctx.Uploads.CreateAsync("a", id);
        _ctx.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await _ctx.Uploads.UpdateOffsetAsync(id, 1234));

        var upload = await _ctx.Uploads.GetAsync(id);
        Assert.Equal(1234, upload!.Offset);
        Assert.Equal(created.CreatedAt, upload.CreatedAt);
        Assert.Equal(_ctx.Time.GetUtcNow(), upload.UpdatedAt);
    }

    [Fact]
    public async Task UpdateOffset_UnknownOrNegative_FalseOrThrows()
    {
        Assert.False(await _ctx.Uploads.UpdateOffsetAsync(Guid.NewGuid(), 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _ctx.Uploads.UpdateOffsetAsync(Guid.NewGuid(), -1));
    }

    [Fact]
    public async Task Delete_Known_RemovedOnce()
    {
        var id = Guid.NewGuid();
        await _ctx.Uploads.CreateAsync("a", id);

        Assert.True(await _ctx.Uploads.DeleteAsync(id));

        Assert.Null(await _ctx.Uploads.GetAsync(id));
        Assert.False(await _ctx.Uploads.DeleteAsync(id));
        Assert.NotNull(await _ctx.Repositories.GetIdAsync("a"));
    }

    [Fact]
    public async Task Get_Unknown_Null()
    {
        Assert.Null(await _ctx.Uploads.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task ListOlderThan_UsesLastActivity_OldestFirst()
    {
        var stale = Guid.NewGuid();
        var activeButOld = Guid.NewGuid();
        var fresh = Guid.NewGuid();
        await _ctx.Uploads.CreateAsync("a", activeButOld);
        _ctx.Time.Advance(TimeSpan.FromMinutes(1));
        await _ctx.Uploads.CreateAsync("b", stale);
        _ctx.Time.Advance(TimeSpan.FromHours(2));
        await _ctx.Uploads.UpdateOffsetAsync(activeButOld, 10);
        await _ctx.Uploads.CreateAsync("a", fresh);

        var old = await _ctx.Uploads.ListOlderThanAsync(_ctx.Time.GetUtcNow() - TimeSpan.FromHours(1));

        Assert.Equal([stale], old.Select(u => u.Id));
        Assert.Equal("b", old[0].Repository);
        Assert.Equal(3, (await _ctx.Uploads.ListOlderThanAsync(_ctx.Time.GetUtcNow() + TimeSpan.FromSeconds(1))).Count);
        Assert.Empty(await _ctx.Uploads.ListOlderThanAsync(_ctx.Time.GetUtcNow() - TimeSpan.FromDays(1)));
    }
}
