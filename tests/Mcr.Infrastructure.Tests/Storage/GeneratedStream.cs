namespace Mcr.Infrastructure.Tests.Storage;

/// <summary>
/// A read-only, non-seekable stream of <c>length</c> pseudo-random bytes fixed by <c>seed</c>, made on
/// the fly so large blobs can be uploaded without a byte array. Reads return at most <c>maxRead</c>
/// bytes; after <c>failAfter</c> bytes a read throws, like a client that disconnects. <c>onRead</c>
/// sees the position after each read.
/// </summary>
internal sealed class GeneratedStream(
    long length, int seed, int maxRead = int.MaxValue, long failAfter = long.MaxValue, Action<long>? onRead = null) : Stream
{
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 1;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The whole content as an array (small lengths only).</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        using var stream = new GeneratedStream(length, seed);
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_position >= failAfter)
        {
            throw new IOException("client disconnected");
        }
        var count = (int)Math.Min(Math.Min(buffer.Length, maxRead), Math.Min(length, failAfter) - _position);
        for (var i = 0; i < count; i++)
        {
            _state = _state * 6364136223846793005UL + 1442695040888963407UL;
            buffer[i] = (byte)(_state >> 56);
        }
        _position += count;
        onRead?.Invoke(_position);
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
