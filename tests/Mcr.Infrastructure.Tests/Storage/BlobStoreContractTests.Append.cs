using Mcr.Core.Digests;
using Mcr.Infrastructure.Storage;

namespace Mcr.Infrastructure.Tests.Storage;

/// <summary>Driver contract: appending to uploads (chunks, limits, failures).</summary>
public abstract partial class BlobStoreContractTests
{
    [Fact]
    public async Task AppendAsync_ChunksThroughSeparateHandles_CommitsWholeContent()
    {
        var content = GeneratedStream.Bytes(3 * 1024 * 1024 + 17, seed: 5);
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        var id = Guid.NewGuid();
        await (await Store.CreateUploadAsync(id)).DisposeAsync();

        var offset = 0;
        foreach (var chunk in new[] { 1, 1024 * 1024 - 1, 1024 * 1024 + 5, 999_999 })
        {
            await using var upload = await Store.OpenUploadAsync(id);
            Assert.NotNull(upload);
            Assert.Equal(offset, upload.Size);
            var result = await upload.AppendAsync(new MemoryStream(content, offset, chunk));
            Assert.Equal(new UploadAppendResult(UploadAppendStatus.Ok, chunk), result);
            offset += chunk;
        }
        await using (var last = await Store.OpenUploadAsync(id))
        {
            Assert.NotNull(last);
            await last.AppendAsync(new MemoryStream(content, offset, content.Length - offset));
            Assert.Equal(UploadCommitStatus.Committed, (await last.CommitAsync(digest)).Status);
        }

        Assert.Equal(content, await ReadAllAsync(digest));
        Assert.Null(await Store.OpenUploadAsync(id));
    }

    [Fact]
    public async Task TruncateAsync_DropsAFailedRequestsBytes_AndTheUploadContinuesFromThere()
    {
        var content = GeneratedStream.Bytes(300_000, seed: 11);
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        var id = Guid.NewGuid();
        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await upload.AppendAsync(new MemoryStream(content, 0, 100_000));
            await upload.AppendAsync(new MemoryStream(GeneratedStream.Bytes(50_000, seed: 12)));
            await upload.TruncateAsync(100_000);
            Assert.Equal(100_000, upload.Size);
        }

        await using (var resumed = await Store.OpenUploadAsync(id))
        {
            Assert.NotNull(resumed);
            Assert.Equal(100_000, resumed.Size);
            await resumed.AppendAsync(new MemoryStream(content, 100_000, content.Length - 100_000));
            Assert.Equal(UploadCommitStatus.Committed, (await resumed.CommitAsync(digest)).Status);
        }
        Assert.Equal(content, await ReadAllAsync(digest));
    }

    [Fact]
    public async Task AppendAsync_ChunksEndingOffBlockBoundaries_CommitsWholeContent()
    {
        // Chunks that start and end anywhere in a 4 KiB block, several spanning more than one copy buffer:
        // the file system driver writes block-aligned middles differently from the rest.
        int[] chunks = [4095, 2 * 1024 * 1024 + 4097, 1, 3 * 1024 * 1024 - 7, 8192, 1024 * 1024 + 1];
        var content = GeneratedStream.Bytes(chunks.Sum(), seed: 31);
        var id = Guid.NewGuid();
        await (await Store.CreateUploadAsync(id)).DisposeAsync();

        var offset = 0;
        foreach (var chunk in chunks)
        {
            await using var upload = await Store.OpenUploadAsync(id);
            Assert.NotNull(upload);
            var result = await upload.AppendAsync(new MemoryStream(content, offset, chunk));
            Assert.Equal(new UploadAppendResult(UploadAppendStatus.Ok, chunk), result);
            offset += chunk;
            Assert.Equal(offset, upload.Size);
        }
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        await using (var last = await Store.OpenUploadAsync(id))
        {
            Assert.NotNull(last);
            Assert.Equal(UploadCommitStatus.Committed, (await last.CommitAsync(digest)).Status);
        }

        Assert.Equal(content, await ReadAllAsync(digest));
    }

    [Fact]
    public async Task AppendAsync_SmallReads_HashesEverything()
    {
        var digest = await DigestOfAsync(new GeneratedStream(100_000, seed: 6), DigestAlgorithm.Sha256);

        var result = await UploadAsync(new GeneratedStream(100_000, seed: 6, maxRead: 7), digest);

        Assert.Equal(UploadCommitStatus.Committed, result.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024 * 1024)]
    [InlineData(2 * 1024 * 1024 + 3)]
    public async Task AppendAsync_MoreThanMaxBytes_ReturnsTooLargeAndWritesOnlyMaxBytes(int maxBytes)
    {
        await using var upload = await Store.CreateUploadAsync(Guid.NewGuid());

        var result = await upload.AppendAsync(new GeneratedStream(maxBytes + 1, seed: 7), maxBytes);

        Assert.Equal(new UploadAppendResult(UploadAppendStatus.TooLarge, maxBytes), result);
        Assert.Equal(maxBytes, upload.Size);
    }

    [Fact]
    public async Task AppendAsync_ExactlyMaxBytes_ReturnsOk()
    {
        var content = GeneratedStream.Bytes(5000, seed: 8);
        await using var upload = await Store.CreateUploadAsync(Guid.NewGuid());

        var result = await upload.AppendAsync(new MemoryStream(content), maxBytes: content.Length);

        Assert.Equal(new UploadAppendResult(UploadAppendStatus.Ok, content.Length), result);
        Assert.Equal(UploadCommitStatus.Committed, (await upload.CommitAsync(Digest.Compute(DigestAlgorithm.Sha256, content))).Status);
    }

    [Fact]
    public async Task AppendAsync_NegativeMaxBytes_Throws()
    {
        await using var upload = await Store.CreateUploadAsync(Guid.NewGuid());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => upload.AppendAsync(Stream.Null, -1));
    }

    [Fact]
    public async Task AppendAsync_SourceFailsMidway_KeepsBytesReadBeforeAndResumes()
    {
        const int total = 3 * 1024 * 1024;
        const int failAfter = 1024 * 1024 + 4096;
        var content = GeneratedStream.Bytes(total, seed: 9);
        var id = Guid.NewGuid();

        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await Assert.ThrowsAsync<IOException>(() =>
                upload.AppendAsync(new GeneratedStream(total, seed: 9, maxRead: 4096, failAfter: failAfter)));
            Assert.Equal(failAfter, upload.Size);
        }
        await using (var upload = await Store.OpenUploadAsync(id))
        {
            Assert.NotNull(upload);
            Assert.Equal(failAfter, upload.Size);
            await upload.AppendAsync(new MemoryStream(content, failAfter, total - failAfter));
            var result = await upload.CommitAsync(Digest.Compute(DigestAlgorithm.Sha256, content));
            Assert.Equal(UploadCommitStatus.Committed, result.Status);
        }
    }

    [Fact]
    public async Task AppendAsync_CancelledBetweenReadAndWrite_KeepsFileAndHashConsistent()
    {
        const int total = 3 * 1024 * 1024;
        var content = GeneratedStream.Bytes(total, seed: 15);
        var id = Guid.NewGuid();
        using var cts = new CancellationTokenSource();
        var source = new GeneratedStream(total, seed: 15, maxRead: 1024 * 1024, onRead: position =>
        {
            if (position >= 2 * 1024 * 1024)
            {
                cts.Cancel();
            }
        });

        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.AppendAsync(source, cancellationToken: cts.Token));
        }

        await using var reopened = await Store.OpenUploadAsync(id);
        Assert.NotNull(reopened);
        Assert.InRange(reopened.Size, 1024 * 1024, 2 * 1024 * 1024);
        var kept = content.AsSpan(0, (int)reopened.Size);
        var result = await reopened.CommitAsync(Digest.Compute(DigestAlgorithm.Sha256, kept));
        Assert.Equal(UploadCommitStatus.Committed, result.Status);
    }
}
