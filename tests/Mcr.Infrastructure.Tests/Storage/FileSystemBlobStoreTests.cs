using Mcr.Core.Digests;
using Mcr.Infrastructure.Storage;
using Mcr.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mcr.Infrastructure.Tests.Storage;

/// <summary>The driver contract plus what is specific to files on disk.</summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContractTests, IDisposable
{
    private const UnixFileMode ReadOnlyForAll = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly TempDirectory _root = new("mcr-storage");

    private string LayersPath => _root.Combine("layers");

    private string UploadsPath => _root.Combine("uploads");

    public void Dispose() => _root.Dispose();

    protected override IBlobStore CreateStore() => NewStore();

    [Fact]
    public void Constructor_MissingDirectories_CreatesThem()
    {
        var store = new FileSystemBlobStore(_root.Combine("a", "b", "layers"), _root.Combine("c", "uploads"));

        Assert.True(Directory.Exists(store.LayersPath));
        Assert.True(Directory.Exists(store.UploadsPath));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task CommitAsync_MatchingDigest_StoresReadOnlyFileAtContentAddress(DigestAlgorithm algorithm)
    {
        var content = GeneratedStream.Bytes(1000, seed: 20);
        var digest = Digest.Compute(algorithm, content);
        var id = Guid.NewGuid();

        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await upload.AppendAsync(new MemoryStream(content));
            await upload.CommitAsync(digest);
        }

        var expected = Path.Combine(LayersPath, algorithm.Name(), digest.Hex[..2], digest.Hex);
        Assert.Equal(content, await File.ReadAllBytesAsync(expected));
        Assert.Equal(ReadOnlyForAll, File.GetUnixFileMode(expected));
        Assert.Empty(Directory.GetFileSystemEntries(UploadsPath));
        await using var handle = await Store.OpenReadAsync(digest);
        Assert.Equal(expected, handle?.PhysicalPath);
    }

    [SkippableFact]
    public async Task OpenReadAsync_FirstDownloadIsDirect_AnotherSoonGoesThroughTheCache_LaterDirectAgain_HeadsDoNotCount()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "O_DIRECT is Linux only");
        var clock = new FakeTimeProvider();
        var store = NewStore(clock);
        var content = GeneratedStream.Bytes(3 << 20, seed: 21);
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        await using (var upload = await store.CreateUploadAsync(Guid.NewGuid()))
        {
            await upload.AppendAsync(new MemoryStream(content));
            await upload.CommitAsync(digest);
        }

        async Task<bool> DownloadIsDirectAsync()
        {
            await using var handle = await store.OpenReadAsync(digest);
            var stream = Assert.IsType<BlobReadStream>(handle!.Stream);
            Assert.Equal(digest, await DigestOfAsync(stream, DigestAlgorithm.Sha256));
            return stream.IsDirect;
        }

        await using (await store.OpenReadAsync(digest))
        {
            // A HEAD opens the blob and reads nothing: not a download.
        }
        Assert.True(await DownloadIsDirectAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await DownloadIsDirectAsync());
        Assert.False(await DownloadIsDirectAsync());
        clock.Advance(RecentReads.Window);
        Assert.True(await DownloadIsDirectAsync());
    }

    [SkippableFact]
    public async Task AppendAsync_LargeBody_GoesToDiskWithDirectIo_AndTheFileIsBufferedAgainAfterwards()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "O_DIRECT is Linux only");
        const int total = 4 * 1024 * 1024 + 123;
        var content = GeneratedStream.Bytes(total, seed: 30);
        var store = NewStore();
        var id = Guid.NewGuid();
        var path = store.Paths.Upload(id);
        var directWhileStreaming = false;
        var source = new GeneratedStream(total, seed: 30, maxRead: 64 * 1024, onRead: position =>
        {
            // By 2 MiB the first buffer is on its way to disk.
            if (position > 2 * 1024 * 1024 && !directWhileStreaming)
            {
                directWhileStreaming = DirectIoTests.IsOpenWithDirectFlag(path);
            }
        });

        await using var upload = await store.CreateUploadAsync(id);
        await upload.AppendAsync(source);

        Assert.True(directWhileStreaming);
        Assert.False(DirectIoTests.IsOpenWithDirectFlag(path));
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        Assert.Equal(UploadCommitStatus.Committed, (await upload.CommitAsync(digest)).Status);
        Assert.Equal(content, await ReadAllAsync(digest));
    }

    [Fact]
    public async Task AppendAsync_PastTheBackgroundFlushSize_InOneAppendAndAcrossHandles_CommitsExactContent()
    {
        // Several background flushes run while the body is still being written, and one is still
        // running when the first handle closes: none may lose or reorder bytes.
        const long flush = FileSystemBlobUpload.BackgroundFlushBytes;
        var first = flush * 2 + 12_345;
        var second = flush + 777;
        var digest = await DigestOfAsync(new GeneratedStream(first + second, seed: 30), DigestAlgorithm.Sha256);
        var id = Guid.NewGuid();
        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await upload.AppendAsync(new GeneratedStream(first, seed: 30, maxRead: 64 * 1024));
        }

        await using (var upload = await Store.OpenUploadAsync(id))
        {
            Assert.NotNull(upload);
            Assert.Equal(first, upload.Size);
            var rest = new GeneratedStream(first + second, seed: 30);
            var skip = new byte[64 * 1024];
            for (var skipped = 0L; skipped < first;)
            {
                // Same generator: skip the bytes the first handle stored.
                skipped += await rest.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, first - skipped)));
            }
            await upload.AppendAsync(rest);
            Assert.Equal(UploadCommitStatus.Committed, (await upload.CommitAsync(digest)).Status);
        }

        await using var stored = await Store.OpenReadAsync(digest);
        Assert.NotNull(stored);
        Assert.Equal(first + second, stored.Length);
        Assert.Equal(digest, await DigestOfAsync(stored.Stream, DigestAlgorithm.Sha256));
    }

    [Fact]
    public async Task CreateUploadAsync_NewId_CreatesPrivateTempFileNamedByLowercaseGuid()
    {
        var id = Guid.NewGuid();

        await using var upload = await Store.CreateUploadAsync(id);

        var path = Path.Combine(UploadsPath, id.ToString("D").ToLowerInvariant());
        Assert.True(File.Exists(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(0, upload.Size);
    }

    [Fact]
    public async Task CreateUploadAsync_IdOfExistingUpload_ThrowsIOException()
    {
        var id = Guid.NewGuid();
        await (await Store.CreateUploadAsync(id)).DisposeAsync();

        await Assert.ThrowsAsync<IOException>(() => Store.CreateUploadAsync(id));

        await using var upload = await Store.OpenUploadAsync(id);
        Assert.NotNull(upload);
    }

    [Fact]
    public async Task CommitAsync_WrongDigest_DeletesTempFile()
    {
        var id = Guid.NewGuid();
        await using var upload = await Store.CreateUploadAsync(id);
        await upload.AppendAsync(new MemoryStream(new byte[10]));

        await upload.CommitAsync(Digest.Compute(DigestAlgorithm.Sha256, [1]));

        Assert.Empty(Directory.GetFileSystemEntries(UploadsPath));
        Assert.Empty(Directory.GetFileSystemEntries(LayersPath));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task OpenUploadAsync_AfterRestart_RehashesAndCommits(DigestAlgorithm algorithm)
    {
        var content = GeneratedStream.Bytes(2 * 1024 * 1024 + 100, seed: 21);
        var digest = Digest.Compute(algorithm, content);
        var id = Guid.NewGuid();
        const int firstPart = 1024 * 1024 + 50;
        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await upload.AppendAsync(new MemoryStream(content, 0, firstPart));
        }

        // A new instance over the same directories has no hash state in memory, like after a restart.
        var restarted = NewStore();
        await using var resumed = await restarted.OpenUploadAsync(id);

        Assert.NotNull(resumed);
        Assert.Equal(firstPart, resumed.Size);
        await resumed.AppendAsync(new MemoryStream(content, firstPart, content.Length - firstPart));
        Assert.Equal(UploadCommitStatus.Committed, (await resumed.CommitAsync(digest)).Status);
        Assert.Equal(content.Length, await restarted.StatAsync(digest));
    }

    [Fact]
    public async Task OpenUploadAsync_FileLongerThanHashState_RehashesWholeFile()
    {
        var id = Guid.NewGuid();
        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await upload.AppendAsync(new MemoryStream([1, 2, 3]));
        }
        await using (var file = new FileStream(Path.Combine(UploadsPath, id.ToString("D")), FileMode.Append))
        {
            file.Write([4, 5]);
        }

        await using var reopened = await Store.OpenUploadAsync(id);

        Assert.NotNull(reopened);
        Assert.Equal(5, reopened.Size);
        var result = await reopened.CommitAsync(Digest.Compute(DigestAlgorithm.Sha256, [1, 2, 3, 4, 5]));
        Assert.Equal(UploadCommitStatus.Committed, result.Status);
    }

    [Fact]
    public async Task CommitAsync_PrefixDirectoryCannotBeCreated_ThrowsAndUploadStaysResumable()
    {
        var content = GeneratedStream.Bytes(1000, seed: 24);
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        var blocker = Path.Combine(LayersPath, "sha256", digest.Hex[..2]);
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        File.WriteAllBytes(blocker, []); // a file where the prefix directory should go
        var id = Guid.NewGuid();

        await using (var upload = await Store.CreateUploadAsync(id))
        {
            await upload.AppendAsync(new MemoryStream(content));
            await Assert.ThrowsAsync<IOException>(() => upload.CommitAsync(digest));
        }
        File.Delete(blocker);

        await using var retry = await Store.OpenUploadAsync(id);
        Assert.NotNull(retry);
        Assert.Equal(content.Length, retry.Size);
        Assert.Equal(UploadCommitStatus.Committed, (await retry.CommitAsync(digest)).Status);
        Assert.Equal(content, await ReadAllAsync(digest));
    }

    [Fact]
    public async Task OpenUploadAsync_TempFileDeletedBehindTheStore_ReturnsNull()
    {
        var id = Guid.NewGuid();
        await (await Store.CreateUploadAsync(id)).DisposeAsync();
        File.Delete(Path.Combine(UploadsPath, id.ToString("D")));

        Assert.Null(await Store.OpenUploadAsync(id));
    }

    [Fact]
    public async Task DeleteUploadAsync_WhileHandleOpen_WaitsThenDeletes()
    {
        var id = Guid.NewGuid();
        var upload = await Store.CreateUploadAsync(id);

        var delete = Store.DeleteUploadAsync(id);
        Assert.False(delete.IsCompleted);
        await upload.DisposeAsync();

        Assert.True(await delete);
        Assert.False(File.Exists(Path.Combine(UploadsPath, id.ToString("D"))));
    }

    [Fact]
    public async Task DeleteAsync_LastBlobOfPrefix_RemovesPrefixDirectoryButKeepsSharedOnes()
    {
        var (a, b, c) = ThreeContentsWhereTwoShareAPrefix();
        foreach (var content in new[] { a, b, c })
        {
            await UploadAsync(new MemoryStream(content), Digest.Compute(DigestAlgorithm.Sha256, content));
        }
        var da = Digest.Compute(DigestAlgorithm.Sha256, a);
        var dc = Digest.Compute(DigestAlgorithm.Sha256, c);
        var sharedPrefix = Path.Combine(LayersPath, "sha256", da.Hex[..2]);
        var lonePrefix = Path.Combine(LayersPath, "sha256", dc.Hex[..2]);

        Assert.True(await Store.DeleteAsync(da));
        Assert.True(await Store.DeleteAsync(dc));

        Assert.True(Directory.Exists(sharedPrefix));
        Assert.False(Directory.Exists(lonePrefix));
        Assert.Equal(b, await ReadAllAsync(Digest.Compute(DigestAlgorithm.Sha256, b)));
    }

    [Fact]
    public async Task DeleteAsync_WhileBeingRead_ReaderFinishes()
    {
        var content = GeneratedStream.Bytes(100_000, seed: 22);
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        await UploadAsync(new MemoryStream(content), digest);
        await using var handle = await Store.OpenReadAsync(digest);
        Assert.NotNull(handle);

        Assert.True(await Store.DeleteAsync(digest));

        using var copy = new MemoryStream();
        await handle.Stream.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task ListAsync_JunkInLayersDirectory_IsSkipped()
    {
        var content = GeneratedStream.Bytes(10, seed: 23);
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        await UploadAsync(new MemoryStream(content), digest);
        var other = Digest.Compute(DigestAlgorithm.Sha256, [9, 9, 9]);
        var wrongPrefix = other.Hex[..2] == "00" ? "01" : "00";
        WriteJunk("sha256", digest.Hex[..2], "not-a-digest");
        WriteJunk("sha256", digest.Hex[..2], digest.Hex.ToUpperInvariant());
        WriteJunk("sha256", digest.Hex[..2], digest.Hex + ".tmp");
        WriteJunk("sha256", wrongPrefix, other.Hex);
        WriteJunk("sha256", "AB", "ab" + other.Hex[2..]);
        WriteJunk("sha256", "zz", other.Hex);
        WriteJunk("sha256", other.Hex[..3], other.Hex);
        WriteJunk("md5", other.Hex[..2], other.Hex[..32]);
        WriteJunk("sha512", other.Hex[..2], other.Hex);
        File.WriteAllBytes(Path.Combine(LayersPath, "stray-file"), [1]);
        Directory.CreateDirectory(Path.Combine(LayersPath, "sha256", digest.Hex[..2], other.Hex));

        var listed = await ListAsync();

        Assert.Equal(digest, Assert.Single(listed).Digest);
    }

    [Fact]
    public async Task ListUploadsAsync_NonGuidEntries_AreSkipped()
    {
        var id = Guid.NewGuid();
        await (await Store.CreateUploadAsync(id)).DisposeAsync();
        File.WriteAllBytes(Path.Combine(UploadsPath, "junk"), [1]);
        File.WriteAllBytes(Path.Combine(UploadsPath, Guid.NewGuid().ToString("N")), [1]);
        File.WriteAllBytes(Path.Combine(UploadsPath, Guid.NewGuid().ToString("D").ToUpperInvariant()), [1]);
        Directory.CreateDirectory(Path.Combine(UploadsPath, Guid.NewGuid().ToString("D")));

        Assert.Equal([id], await UploadIdsAsync());
    }

    [Fact]
    public async Task ListUploadsAsync_ModifiedAt_ComesFromTheStoreClock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var store = NewStore(clock);
        var id = Guid.NewGuid();
        await using (var upload = await store.CreateUploadAsync(id))
        {
            clock.Advance(TimeSpan.FromHours(1));
            await upload.AppendAsync(new MemoryStream([1]));
        }

        var listed = new List<StoredUpload>();
        await foreach (var upload in store.ListUploadsAsync())
        {
            listed.Add(upload);
        }

        Assert.Equal(clock.GetUtcNow(), Assert.Single(listed).ModifiedAt);
    }

    private FileSystemBlobStore NewStore(TimeProvider? clock = null) => new(LayersPath, UploadsPath, clock);

    private void WriteJunk(string algorithm, string prefix, string name)
    {
        var directory = Path.Combine(LayersPath, algorithm, prefix);
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, name), [1]);
    }

    // Small contents a and b whose sha256 share the first two hex digits, and c with another prefix.
    private static (byte[] A, byte[] B, byte[] C) ThreeContentsWhereTwoShareAPrefix()
    {
        var seen = new Dictionary<string, byte[]>();
        for (var i = 0; ; i++)
        {
            var content = BitConverter.GetBytes(i);
            var prefix = Digest.Compute(DigestAlgorithm.Sha256, content).Hex[..2];
            if (seen.TryGetValue(prefix, out var earlier) && seen.Count >= 2)
            {
                var lone = seen.First(kv => kv.Key != prefix).Value;
                return (earlier, content, lone);
            }
            seen.TryAdd(prefix, content);
        }
    }
}
