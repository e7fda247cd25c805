using Mcr.Core.Digests;
using Mcr.Infrastructure.Storage;

namespace Mcr.Infrastructure.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IBlobStore"/> driver must have. A driver's test class derives from
/// this and implements <see cref="CreateStore"/>; only the public contract is used here.
/// </summary>
public abstract partial class BlobStoreContractTests
{
    private IBlobStore? _store;

    protected IBlobStore Store => _store ??= CreateStore();

    /// <summary>A fresh, empty store (called once per test).</summary>
    protected abstract IBlobStore CreateStore();

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task CommitAsync_MatchingDigest_BlobReadsBackIdentical(DigestAlgorithm algorithm)
    {
        var content = GeneratedStream.Bytes(300_000, seed: 1);
        var digest = Digest.Compute(algorithm, content);

        var result = await UploadAsync(new MemoryStream(content), digest);

        Assert.Equal(new UploadCommitResult(UploadCommitStatus.Committed, content.Length, digest), result);
        Assert.Equal(content.Length, await Store.StatAsync(digest));
        Assert.Equal(content, await ReadAllAsync(digest));
    }

    [Fact]
    public async Task CommitAsync_EmptyContent_StoresEmptyBlob()
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha256, []);

        var result = await UploadAsync(Stream.Null, digest);

        Assert.Equal(UploadCommitStatus.Committed, result.Status);
        Assert.Equal(0, await Store.StatAsync(digest));
        Assert.Empty(await ReadAllAsync(digest));
    }

    [Fact]
    public async Task CommitAsync_WrongDigest_ReturnsActualDigestAndDropsUpload()
    {
        var content = GeneratedStream.Bytes(10_000, seed: 2);
        var claimed = Digest.Compute(DigestAlgorithm.Sha256, GeneratedStream.Bytes(10_000, seed: 3));
        var id = Guid.NewGuid();

        UploadCommitResult result;
        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await upload.AppendAsync(new MemoryStream(content));
            result = await upload.CommitAsync(claimed);
        }

        Assert.Equal(UploadCommitStatus.DigestMismatch, result.Status);
        Assert.Equal(Digest.Compute(DigestAlgorithm.Sha256, content), result.Actual);
        Assert.Equal(content.Length, result.Size);
        Assert.Null(await Store.StatAsync(claimed));
        Assert.Null(await Store.StatAsync(result.Actual));
        Assert.Null(await Store.OpenUploadAsync(id));
        Assert.DoesNotContain(id, await UploadIdsAsync());
    }

    [Fact]
    public async Task CommitAsync_Sha512DigestOfOtherContent_ReturnsActualSha512()
    {
        var content = GeneratedStream.Bytes(1000, seed: 4);
        var claimed = Digest.Compute(DigestAlgorithm.Sha512, [1, 2, 3]);

        var result = await UploadAsync(new MemoryStream(content), claimed);

        Assert.Equal(UploadCommitStatus.DigestMismatch, result.Status);
        Assert.Equal(Digest.Compute(DigestAlgorithm.Sha512, content), result.Actual);
    }

    [Fact]
    public async Task CommitAsync_BlobAlreadyStored_CommitsAndKeepsContent()
    {
        var content = GeneratedStream.Bytes(4096, seed: 10);
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        await UploadAsync(new MemoryStream(content), digest);

        var second = await UploadAsync(new MemoryStream(content), digest);

        Assert.Equal(new UploadCommitResult(UploadCommitStatus.Committed, content.Length, digest), second);
        Assert.Equal(content, await ReadAllAsync(digest));
        Assert.Single(await ListAsync());
        Assert.Empty(await UploadIdsAsync());
    }

    [Fact]
    public async Task CommitAsync_SixteenConcurrentUploads_AllLand()
    {
        // Four distinct contents, each pushed by four uploads at once.
        var contents = Enumerable.Range(0, 4).Select(i => GeneratedStream.Bytes(1024 * 1024 + i, seed: 100 + i)).ToArray();
        var digests = contents.Select(c => Digest.Compute(DigestAlgorithm.Sha256, c)).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            UploadAsync(new GeneratedStream(contents[i % 4].Length, seed: 100 + (i % 4), maxRead: 65536), digests[i % 4]))));

        Assert.All(results, r => Assert.Equal(UploadCommitStatus.Committed, r.Status));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(contents[i], await ReadAllAsync(digests[i]));
        }
        Assert.Equal(digests.OrderBy(d => d.Hex), (await ListAsync()).Select(b => b.Digest).OrderBy(d => d.Hex));
        Assert.Empty(await UploadIdsAsync());
    }

    [Fact]
    public async Task CommitAsync_LargeBlobFromGenerator_StreamsAndVerifies()
    {
        const long size = 64L * 1024 * 1024;
        var digest = await DigestOfAsync(new GeneratedStream(size, seed: 11), DigestAlgorithm.Sha256);

        var result = await UploadAsync(new GeneratedStream(size, seed: 11, maxRead: 256 * 1024), digest);

        Assert.Equal(new UploadCommitResult(UploadCommitStatus.Committed, size, digest), result);
        await using var handle = await Store.OpenReadAsync(digest);
        Assert.NotNull(handle);
        Assert.Equal(size, handle.Length);
        Assert.Equal(digest, await DigestOfAsync(handle.Stream, DigestAlgorithm.Sha256));
    }

    [Fact]
    public async Task CancelAsync_OpenUpload_RemovesIt()
    {
        var id = Guid.NewGuid();
        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await upload.AppendAsync(new MemoryStream(new byte[100]));
            await upload.CancelAsync();
        }

        Assert.Null(await Store.OpenUploadAsync(id));
        Assert.False(await Store.DeleteUploadAsync(id));
    }

    [Fact]
    public async Task DeleteUploadAsync_ExistingUpload_RemovesItOnce()
    {
        var id = Guid.NewGuid();
        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await upload.AppendAsync(new MemoryStream(new byte[100]));
        }

        Assert.True(await Store.DeleteUploadAsync(id));
        Assert.False(await Store.DeleteUploadAsync(id));
        Assert.Null(await Store.OpenUploadAsync(id));
        Assert.DoesNotContain(id, await UploadIdsAsync());
    }

    [Fact]
    public async Task OpenUploadAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.OpenUploadAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task OpenUploadAsync_WhileAnotherHandleIsOpen_WaitsForItsDisposal()
    {
        var id = Guid.NewGuid();
        var first = await Store.CreateUploadAsync(id);
        await first.AppendAsync(new MemoryStream(new byte[10]));

        var second = Store.OpenUploadAsync(id);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();

        await using var reopened = await second;
        Assert.NotNull(reopened);
        Assert.Equal(10, reopened.Size);
    }

    [Fact]
    public async Task OpenUploadAsync_WaitCancelled_ThrowsOperationCanceled()
    {
        var id = Guid.NewGuid();
        await using var first = await Store.CreateUploadAsync(id);
        using var cts = new CancellationTokenSource();

        var second = Store.OpenUploadAsync(id, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Fact]
    public async Task UploadHandle_AfterCommit_RejectsFurtherUse()
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha256, []);
        await using var upload = await Store.CreateUploadAsync(Guid.NewGuid());
        await upload.CommitAsync(digest);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => upload.AppendAsync(Stream.Null));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => upload.CommitAsync(digest));
    }

    [Fact]
    public async Task MissingBlob_StatOpenDelete_ReportAbsence()
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha256, [42]);

        Assert.Null(await Store.StatAsync(digest));
        Assert.Null(await Store.OpenReadAsync(digest));
        Assert.False(await Store.DeleteAsync(digest));
    }

    [Fact]
    public async Task DeleteAsync_StoredBlob_RemovesIt()
    {
        var content = GeneratedStream.Bytes(100, seed: 12);
        var digest = Digest.Compute(DigestAlgorithm.Sha512, content);
        await UploadAsync(new MemoryStream(content), digest);

        Assert.True(await Store.DeleteAsync(digest));

        Assert.Null(await Store.StatAsync(digest));
        Assert.Null(await Store.OpenReadAsync(digest));
        Assert.False(await Store.DeleteAsync(digest));
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task ListAsync_StoredBlobs_ReturnsEachWithSize()
    {
        var a = GeneratedStream.Bytes(10, seed: 13);
        var b = GeneratedStream.Bytes(20, seed: 14);
        var da = Digest.Compute(DigestAlgorithm.Sha256, a);
        var db = Digest.Compute(DigestAlgorithm.Sha512, b);
        await UploadAsync(new MemoryStream(a), da);
        await UploadAsync(new MemoryStream(b), db);

        var listed = (await ListAsync()).ToDictionary(x => x.Digest, x => x.Size);

        Assert.Equal(new Dictionary<Digest, long> { [da] = 10, [db] = 20 }, listed);
    }

    [Fact]
    public async Task ListUploadsAsync_OpenUploads_ReturnsEachWithSize()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        await using (var upload = await Store.CreateUploadAsync(a))
        {
            await upload.AppendAsync(new MemoryStream(new byte[123]));
        }
        await (await Store.CreateUploadAsync(b)).DisposeAsync();

        var listed = new Dictionary<Guid, long>();
        await foreach (var upload in Store.ListUploadsAsync())
        {
            listed.Add(upload.UploadId, upload.Size);
        }

        Assert.Equal(new Dictionary<Guid, long> { [a] = 123, [b] = 0 }, listed);
    }

    /// <summary>Create, append everything, commit.</summary>
    protected async Task<UploadCommitResult> UploadAsync(Stream content, Digest digest)
    {
        await using var upload = await Store.CreateUploadAsync(Guid.NewGuid());
        await upload.AppendAsync(content);
        return await upload.CommitAsync(digest);
    }

    protected async Task<byte[]> ReadAllAsync(Digest digest)
    {
        await using var handle = await Store.OpenReadAsync(digest);
        Assert.NotNull(handle);
        using var copy = new MemoryStream();
        await handle.Stream.CopyToAsync(copy);
        Assert.Equal(handle.Length, copy.Length);
        return copy.ToArray();
    }

    protected async Task<List<StoredBlob>> ListAsync()
    {
        var blobs = new List<StoredBlob>();
        await foreach (var blob in Store.ListAsync())
        {
            blobs.Add(blob);
        }
        return blobs;
    }

    protected async Task<List<Guid>> UploadIdsAsync()
    {
        var ids = new List<Guid>();
        await foreach (var upload in Store.ListUploadsAsync())
        {
            ids.Add(upload.UploadId);
        }
        return ids;
    }

    protected static async Task<Digest> DigestOfAsync(Stream content, DigestAlgorithm algorithm)
    {
        using var hasher = Digest.CreateHasher(algorithm);
        var buffer = new byte[1024 * 1024];
        int read;
        while ((read = await content.ReadAsync(buffer)) > 0)
        {
            hasher.AppendData(buffer, 0, read);
        }
        return Digest.FromHash(algorithm, hasher.GetHashAndReset());
    }
}
