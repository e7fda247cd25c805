using Mcr.Infrastructure.Storage;
using Mcr.Testing;

namespace Mcr.Infrastructure.Tests.Storage;

/// <summary>The download stream on the real filesystem: windows, read-ahead, seeks, direct I/O and its edges.</summary>
public abstract class BlobReadStreamTests(bool direct) : IDisposable
{
    // Three full windows, a partial fourth, and a tail that is not a multiple of the alignment.
    private static readonly int _size = (3 * FileSystemBlobStore.BufferSize) + (FileSystemBlobStore.BufferSize / 3) + 1234;

    private readonly TempDirectory _directory = new("mcr-blob-read");

    private bool Direct => direct;

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(64 * 1024)]
    [InlineData(3 * 1024 * 1024)]
    public async Task ReadAsync_WholeBlob_InPiecesOfAnySize_ReturnsEveryByte(int pieceSize)
    {
        var content = GeneratedStream.Bytes(pieceSize == 1 ? 300_000 : _size, seed: 1);
        await using var stream = OpenNew(content);

        var read = await ReadToEndAsync(stream, pieceSize);

        Assert.Equal(content.Length, stream.Length);
        Assert.True(content.AsSpan().SequenceEqual(read));
        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
    }

    [Fact]
    public void Read_Synchronously_ReturnsEveryByte()
    {
        var content = GeneratedStream.Bytes(_size, seed: 2);
        using var stream = OpenNew(content);
        using var copy = new MemoryStream();

        stream.CopyTo(copy, 100_000);

        Assert.True(content.AsSpan().SequenceEqual(copy.ToArray()));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 4095)]
    [InlineData(4095, 2)]
    [InlineData(1_048_000, 2_000_000)] // across two window boundaries
    [InlineData(3_400_000, 0)] // to the end
    public async Task Seek_ThenRead_ReturnsThatRange(long from, int count)
    {
        var content = GeneratedStream.Bytes(_size, seed: 3);
        await using var stream = OpenNew(content);
        var length = count == 0 ? (int)(content.Length - from) : count;

        Assert.Equal(from, stream.Seek(from, SeekOrigin.Begin));
        var read = new byte[length];
        await stream.ReadExactlyAsync(read);

        Assert.True(content.AsSpan((int)from, length).SequenceEqual(read));
        Assert.Equal(from + length, stream.Position);
    }

    [Fact]
    public async Task Seek_BackwardsAndForwardsWhileReadingAhead_ReturnsTheRightBytes()
    {
        var content = GeneratedStream.Bytes(_size, seed: 4);
        await using var stream = OpenNew(content);
        var buffer = new byte[100_000];
        foreach (var from in new long[] { 0, 2_500_000, 10, _size - 50_000, 1_048_576, 0 })
        {
            stream.Position = from;
            var count = (int)Math.Min(buffer.Length, content.Length - from);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, count));
            Assert.True(content.AsSpan((int)from, count).SequenceEqual(buffer.AsSpan(0, count)), $"range from {from}");
        }
    }

    [Fact]
    public async Task ReadAsync_PastTheEnd_ReturnsZero()
    {
        var content = GeneratedStream.Bytes(5000, seed: 5);
        await using var stream = OpenNew(content);

        stream.Seek(0, SeekOrigin.End);

        Assert.Equal(0, await stream.ReadAsync(new byte[100]));
        stream.Position = 10_000;
        Assert.Equal(0, await stream.ReadAsync(new byte[100]));
    }

    [Fact]
    public async Task EmptyBlob_ReadsNothing()
    {
        await using var stream = OpenNew([]);

        Assert.Equal(0, stream.Length);
        Assert.Equal(0, await stream.ReadAsync(new byte[100]));
    }

    [SkippableFact]
    public async Task Open_RegularFile_ReadsWithDirectIoWhenAsked()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "O_DIRECT is Linux only");
        var path = Write(GeneratedStream.Bytes(_size, seed: 6));
        await using var stream = BlobReadStream.Open(path, Direct);
        Assert.False(stream.IsDirect); // decided at the first read

        await stream.ReadExactlyAsync(new byte[10]);

        Assert.Equal(Direct, stream.IsDirect);
        Assert.Equal(Direct, DirectIoTests.IsOpenWithDirectFlag(path));
        await ReadToEndAsync(stream, 64 * 1024);
        Assert.Equal(Direct, stream.IsDirect); // no direct read was refused and retried through the cache
    }

    [Fact]
    public async Task ChooseDirect_IsAskedOnceAtTheFirstRead_NeverWithoutOne()
    {
        var path = Write(GeneratedStream.Bytes(_size, seed: 11));
        var asked = 0;
        await using (BlobReadStream.Open(path, () => ++asked > 0 && Direct))
        {
        }
        Assert.Equal(0, asked); // opened and closed without a read, as for a HEAD

        await using var stream = BlobReadStream.Open(path, () => ++asked > 0 && Direct);
        stream.Position = 5000;
        await ReadToEndAsync(stream, 64 * 1024);
        stream.Position = 0;
        await stream.ReadExactlyAsync(new byte[10]);
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task DeletedWhileOpen_StillReadsToTheEnd()
    {
        // GC may delete a blob while a download of it is streaming.
        var content = GeneratedStream.Bytes(_size, seed: 7);
        var path = Write(content);
        await using var stream = BlobReadStream.Open(path, Direct);
        var head = new byte[1000];
        await stream.ReadExactlyAsync(head);

        File.Delete(path);
        var rest = await ReadToEndAsync(stream, 64 * 1024);

        Assert.True(content.AsSpan(1000).SequenceEqual(rest));
    }

    [Fact]
    public async Task FileShorterThanAtOpen_ThrowsIOException_NotALoop()
    {
        var path = Write(GeneratedStream.Bytes(_size, seed: 8));
        await using var stream = BlobReadStream.Open(path, Direct);
        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.SetLength(file, FileSystemBlobStore.BufferSize);
        }

        await Assert.ThrowsAsync<IOException>(() => ReadToEndAsync(stream, 64 * 1024));
    }

    [Fact]
    public async Task Dispose_WithAReadAheadInFlight_ThenReads_Throw()
    {
        var stream = OpenNew(GeneratedStream.Bytes(_size, seed: 9));
        await stream.ReadExactlyAsync(new byte[10]); // the first window is read, the second is on its way

        await stream.DisposeAsync();

        Assert.False(stream.CanRead);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await stream.ReadExactlyAsync(new byte[10]));
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => BlobReadStream.Open(_directory.Combine("missing"), Direct));
    }

    [Fact]
    public void Stream_IsReadOnly()
    {
        using var stream = OpenNew(GeneratedStream.Bytes(10, seed: 10));

        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Write(new byte[1]));
        Assert.Throws<NotSupportedException>(() => stream.SetLength(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Seek(-1, SeekOrigin.Begin));
    }

    private BlobReadStream OpenNew(byte[] content) => BlobReadStream.Open(Write(content), Direct);

    private string Write(byte[] content)
    {
        var path = _directory.Combine(Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, content);
        return path;
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream, int pieceSize)
    {
        using var copy = new MemoryStream();
        var piece = new byte[pieceSize];
        int read;
        while ((read = await stream.ReadAsync(piece)) > 0)
        {
            copy.Write(piece, 0, read);
        }
        return copy.ToArray();
    }
}

/// <summary>A blob read once: around the page cache.</summary>
public sealed class BlobReadStreamDirectTests() : BlobReadStreamTests(direct: true);

/// <summary>A blob read again soon: through the page cache.</summary>
public sealed class BlobReadStreamCachedTests() : BlobReadStreamTests(direct: false);
