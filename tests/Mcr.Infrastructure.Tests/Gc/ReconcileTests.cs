using Mcr.Infrastructure.Gc;
using static Mcr.Infrastructure.Tests.Gc.GcTestContext;

namespace Mcr.Infrastructure.Tests.Gc;

public sealed class ReconcileTests : IAsyncLifetime
{
    private readonly GcTestContext _gc = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _gc.DisposeAsync();

    [Fact]
    public async Task ReconcileAsync_AfterCrash_RemovesOrphansAndStaleUploadsKeepsEverythingElse()
    {
        var old = TimeSpan.FromDays(2);
        var registered = await _gc.StoreBlobAsync("team/app", Bytes(10));
        var orphanContent = Bytes(400);
        var orphan = await _gc.StoreFileAsync(orphanContent);
        var committing = await _gc.StoreFileAsync(Bytes(11));
        var staleUpload = await StartUploadAsync("team/app", 77);
        var freshUpload = await StartUploadAsync("team/app", 5);
        var rowlessUpload = Guid.NewGuid();
        await (await _gc.Store.CreateUploadAsync(rowlessUpload)).DisposeAsync();
        var fileless = Guid.NewGuid();
        await _gc.Uploads.CreateAsync("team/app", fileless);

        _gc.Time.Advance(old);
        Assert.True(await _gc.Uploads.UpdateOffsetAsync(freshUpload, 5));
        _gc.Age(_gc.BlobPath(registered), old);
        _gc.Age(_gc.BlobPath(orphan), old);
        _gc.Age(_gc.BlobPath(committing), TimeSpan.Zero); // renamed just now, row not yet written
        _gc.Age(_gc.UploadPath(staleUpload), old);
        _gc.Age(_gc.UploadPath(freshUpload), TimeSpan.Zero);
        _gc.Age(_gc.UploadPath(rowlessUpload), old);

        var report = Assert.IsType<GcOutcome.Completed>(await _gc.Reconciler.ReconcileAsync()).Report;

        Assert.Equal(GcRunKind.Reconcile, report.Kind);
        Assert.Equal(0, report.BlobsRemoved);
        Assert.Equal(3, report.FilesRemoved);
        Assert.Equal(orphanContent.Length + 77, report.BytesFreed);
        Assert.Equal(2, report.UploadsRemoved);
        Assert.False(_gc.FileExists(orphan));
        Assert.True(_gc.FileExists(registered));
        Assert.True(_gc.FileExists(committing));
        Assert.False(File.Exists(_gc.UploadPath(staleUpload)));
        Assert.Null(await _gc.Uploads.GetAsync(staleUpload));
        Assert.False(File.Exists(_gc.UploadPath(rowlessUpload)));
        Assert.Null(await _gc.Uploads.GetAsync(fileless));
        Assert.True(File.Exists(_gc.UploadPath(freshUpload)));
        Assert.NotNull(await _gc.Uploads.GetAsync(freshUpload));
    }

    [Fact]
    public async Task ReconcileAsync_UploadWithRecentRowButOldFile_Kept()
    {
        var upload = await StartUploadAsync("team/app", 3);
        _gc.Time.Advance(TimeSpan.FromDays(2));
        Assert.True(await _gc.Uploads.UpdateOffsetAsync(upload, 3));
        _gc.Age(_gc.UploadPath(upload), TimeSpan.FromDays(2));

        var report = Assert.IsType<GcOutcome.Completed>(await _gc.Reconciler.ReconcileAsync()).Report;

        Assert.Equal(0, report.FilesRemoved);
        Assert.True(File.Exists(_gc.UploadPath(upload)));
    }

    [Fact]
    public async Task ReconcileAsync_CleanRegistry_RemovesNothing()
    {
        await _gc.StoreBlobAsync("team/app", Bytes(10));
        _gc.Time.Advance(TimeSpan.FromDays(2));

        var report = Assert.IsType<GcOutcome.Completed>(await _gc.Reconciler.ReconcileAsync()).Report;

        Assert.Equal((0, 0, 0), (report.FilesRemoved, report.BytesFreed, report.UploadsRemoved));
    }

    private async Task<Guid> StartUploadAsync(string repository, int size)
    {
        var id = Guid.NewGuid();
        await _gc.Uploads.CreateAsync(repository, id);
        await using var upload = await _gc.Store.CreateUploadAsync(id);
        await upload.AppendAsync(new MemoryStream(Bytes(size)));
        return id;
    }
}
