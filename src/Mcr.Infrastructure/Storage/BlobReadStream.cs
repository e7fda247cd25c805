using Mcr.Infrastructure.Observability;
using Microsoft.Win32.SafeHandles;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// A committed blob opened for a download: read-only, seekable, read from disk in aligned windows of up to
/// <see cref="FileSystemBlobStore.BufferSize"/>, one window ahead of the reader, either through the page
/// cache or around it with direct I/O (<c>O_DIRECT</c>). Callers' reads of any size are served from the
/// current window, so the framework's 64 KiB copy loop costs one disk read and one thread-pool hop per
/// window, not per 64 KiB.
/// </summary>
/// <remarks>
/// A direct read allocates and fills no cache page per byte sent (the dearest part of a first pull on the
/// benchmark's virtual machine) and evicts no other blob; it is worth it for a blob read once. Which blobs
/// are read which way is <see cref="RecentReads"/>' decision. Where direct reads are refused, the windows
/// go through the page cache.
/// </remarks>
internal sealed class BlobReadStream : Stream
{
    private readonly SafeFileHandle _file;
    private readonly long _length;
    private readonly RegistryMetrics? _metrics;
    private Func<bool>? _chooseDirect;
    private bool _direct;
    private long _position;
    private long _served;

    private Window? _current;
    private Window? _ahead;
    private Task<int>? _aheadRead;
    private bool _disposed;

    private BlobReadStream(SafeFileHandle file, long length, Func<bool> chooseDirect, RegistryMetrics? metrics)
    {
        _file = file;
        _length = length;
        _chooseDirect = chooseDirect;
        _metrics = metrics;
    }

    /// <summary>Opens <paramref name="path"/>; a GC may delete the file while the download still streams it.</summary>
    /// <param name="chooseDirect">
    /// Asked once, when the first byte is read (so a HEAD, which reads none, never asks): true to read around
    /// the page cache where the filesystem allows it.
    /// </param>
    /// <param name="metrics">Counts the bytes the reader took as blob bytes sent, once, when the stream is disposed.</param>
    /// <exception cref="FileNotFoundException">No such blob.</exception>
    public static BlobReadStream Open(string path, Func<bool> chooseDirect, RegistryMetrics? metrics = null)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            return new BlobReadStream(file, RandomAccess.GetLength(file), chooseDirect, metrics);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="Open(string, Func{bool}, RegistryMetrics)"/>
    public static BlobReadStream Open(string path, bool direct) => Open(path, () => direct);

    /// <summary>True while reads bypass the page cache (tests); false until the first read.</summary>
    internal bool IsDirect => _direct;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return TryCopy(buffer.Span, out var copied) ? ValueTask.FromResult(copied) : ReadWindowThenCopyAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (TryCopy(buffer, out var copied))
        {
            return copied;
        }
        // Synchronous callers get no read-ahead: wait out a pending one, then read the window here.
        WaitForReadAhead();
        ChooseOnFirstRead();
        var start = WindowStart(_position);
        var window = _current ??= RentWindow(start);
        window.Start = start;
        window.Filled = 0;
        window.Filled = ReadAt(window, start);
        return TryCopy(buffer, out copied) ? copied : throw Truncated();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            base.Dispose(disposing);
            return;
        }
        _disposed = true;
        _metrics?.BlobSent(_served);
        _current?.Buffer.Dispose();
        if (_aheadRead is { IsCompleted: false } pending && _ahead is { } ahead)
        {
            // The kernel is still writing into that buffer: hand it back to the pool only once the read ends.
            // (Disposing the handle meanwhile is safe; it closes when the read lets go of it.)
            // A read that failed is of no interest to anyone now: observe its exception so it is not reported.
            pending.ContinueWith(read =>
            {
                _ = read.Exception;
                ahead.Buffer.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            _ = _aheadRead?.Exception;
            _ahead?.Buffer.Dispose();
        }
        _file.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Copies from the current window when it holds the position; 0 at the end of the blob.</summary>
    private bool TryCopy(Span<byte> destination, out int copied)
    {
        copied = 0;
        if (_position >= _length || destination.IsEmpty)
        {
            return true;
        }
        if (_current is not { } window || _position < window.Start || _position >= window.Start + window.Filled)
        {
            return false;
        }
        var from = (int)(_position - window.Start);
        copied = Math.Min(destination.Length, window.Filled - from);
        window.Buffer.Memory.Span.Slice(from, copied).CopyTo(destination);
        _position += copied;
        _served += copied;
        return true;
    }

    private async ValueTask<int> ReadWindowThenCopyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        ChooseOnFirstRead();
        var start = WindowStart(_position);
        if (_aheadRead is { } pending && _ahead!.Start == start)
        {
            // The usual case for a sequential reader: the next window is on its way or already here.
            _ahead.Filled = await pending.WaitAsync(cancellationToken);
            _aheadRead = null;
            (_current, _ahead) = (_ahead, _current);
        }
        else
        {
            await WaitForReadAheadAsync();
            var window = _current ??= RentWindow(start);
            window.Start = start;
            window.Filled = 0;
            window.Filled = await ReadAtAsync(window, start, cancellationToken);
        }
        StartReadAhead();
        return TryCopy(destination.Span, out var copied) ? copied : throw Truncated();
    }

    /// <summary>Starts reading the window after the current one, unless the blob ends first.</summary>
    private void StartReadAhead()
    {
        var end = _current!.Start + _current.Filled;
        if (_current.Filled == 0 || end >= _length)
        {
            return;
        }
        // Aligned down: after a short read (not expected of a regular file) the windows overlap a little.
        var next = WindowStart(end);
        var window = _ahead ??= RentWindow(next);
        window.Start = next;
        window.Filled = 0;
        // Not the caller's token: the read is short, and its buffer must not go back to the pool before it ends.
        _aheadRead = ReadAtAsync(window, next, CancellationToken.None).AsTask();
    }

    private async ValueTask<int> ReadAtAsync(Window window, long offset, CancellationToken cancellationToken)
    {
        try
        {
            return await RandomAccess.ReadAsync(_file, window.Buffer.Memory, offset, cancellationToken);
        }
        catch (IOException) when (_direct && TurnOffDirect())
        {
            // A filesystem that accepted O_DIRECT but not this read (alignment it wants larger, or a short
            // read that left the next window unaligned): the rest of the download goes through the cache.
            return await RandomAccess.ReadAsync(_file, window.Buffer.Memory, offset, cancellationToken);
        }
    }

    private int ReadAt(Window window, long offset)
    {
        try
        {
            return RandomAccess.Read(_file, window.Buffer.Memory.Span, offset);
        }
        catch (IOException) when (_direct && TurnOffDirect())
        {
            return RandomAccess.Read(_file, window.Buffer.Memory.Span, offset);
        }
    }

    private void ChooseOnFirstRead()
    {
        if (_chooseDirect is { } choose)
        {
            _chooseDirect = null;
            _direct = choose() && DirectIo.TrySet(_file, direct: true);
        }
    }

    private bool TurnOffDirect()
    {
        DirectIo.TrySet(_file, direct: false);
        _direct = false;
        return true;
    }

    private void WaitForReadAhead()
    {
        if (_aheadRead is { } pending)
        {
            _aheadRead = null;
            try
            {
                pending.GetAwaiter().GetResult();
            }
            catch (IOException)
            {
                // A read ahead that failed is simply not used; the window is read again when needed.
            }
        }
    }

    private async ValueTask WaitForReadAheadAsync()
    {
        if (_aheadRead is { } pending)
        {
            _aheadRead = null;
            try
            {
                await pending;
            }
            catch (IOException)
            {
                // As above: the window is read again when needed.
            }
        }
    }

    /// <summary>Windows start on an alignment boundary so that a direct read may fill them.</summary>
    private static long WindowStart(long position) => position & ~(long)(DirectIo.Alignment - 1);

    /// <summary>A buffer no larger than the rest of the blob from <paramref name="start"/> needs.</summary>
    private Window RentWindow(long start)
    {
        var needed = Math.Min(_length - start, FileSystemBlobStore.BufferSize);
        // One alignment unit more: the aligned window inside a rented array may start up to that far in. A
        // full window stays at the pool's 1 MiB size (a window of 1 MiB less up to 4 KiB).
        var rounded = ((needed + DirectIo.Alignment - 1) & ~(long)(DirectIo.Alignment - 1)) + DirectIo.Alignment;
        return new Window(new AlignedBuffer((int)Math.Min(rounded, FileSystemBlobStore.BufferSize)));
    }

    private IOException Truncated() => new($"blob file ended before {_length} bytes (at {_position})");

    private sealed class Window(AlignedBuffer buffer)
    {
        public AlignedBuffer Buffer { get; } = buffer;

        public long Start { get; set; } = -1;

        public int Filled { get; set; }
    }
}
