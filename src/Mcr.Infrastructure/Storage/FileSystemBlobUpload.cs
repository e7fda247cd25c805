using System.Buffers;
using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// The one open handle of an upload of <see cref="FileSystemBlobStore"/>. It holds the upload's gate
/// from creation until it is disposed, committed or cancelled; not safe for concurrent calls.
/// </summary>
internal sealed class FileSystemBlobUpload : IBlobUpload
{
    private const UnixFileMode CommittedFileMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Written bytes after which a flush to disk starts in the background while the body keeps arriving.
    /// Without it the commit's fsync found the whole blob still in the page cache and waited for all of
    /// it (~0.15 s per 256 MiB here, 15 % of a push); with it, only the last few MiB are left. Direct
    /// writes leave little behind, but where the filesystem refuses them everything is cached.
    /// </summary>
    internal const long BackgroundFlushBytes = 8L << 20;

    private readonly FileSystemBlobStore _store;
    private readonly UploadState _state;
    private FileStream? _file;
    private long _size;
    private bool _released;
    private long _unflushedBytes;
    private Task? _backgroundFlush;
    private bool _backgroundFlushFailed;
    private bool _direct;
    private bool _directUnavailable = !DirectIo.Supported;
    private PendingWrite? _inFlight;

    public FileSystemBlobUpload(FileSystemBlobStore store, Guid uploadId, UploadState state, FileStream file)
    {
        _store = store;
        _state = state;
        _file = file;
        _size = state.Offset;
        UploadId = uploadId;
    }

    public Guid UploadId { get; }

    public long Size => _size;

    public async Task<UploadAppendResult> AppendAsync(Stream source, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (maxBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), "maxBytes must not be negative");
        }
        var file = OpenFile();
        // Two buffers: one fills from the request while the other is on its way to disk (write-behind).
        using var first = new AlignedBuffer(FileSystemBlobStore.BufferSize);
        using var second = new AlignedBuffer(FileSystemBlobStore.BufferSize);
        var buffer = first.Memory;
        var spare = second.Memory;
        long appended = 0;
        try
        {
            while (true)
            {
                // Kestrel hands the body over in small pieces (a few KiB per read); gathering them into one
                // large buffer turns thousands of write and hash calls into a few hundred (push throughput).
                // Each byte sits as far from an alignment boundary in memory as it will in the file, so all
                // but an unaligned head and tail can be written directly (WriteAtAsync).
                var lead = (int)((_state.Offset + InFlightBytes) % DirectIo.Alignment);
                var filled = 0;
                var ended = false;
                try
                {
                    while (!ended && lead + filled < buffer.Length)
                    {
                        var read = await source.ReadAsync(buffer[(lead + filled)..], cancellationToken);
                        ended = read == 0;
                        filled += read;
                    }
                }
                catch when (filled > 0 && (maxBytes is null || appended + filled <= maxBytes))
                {
                    // The client went away (or the source failed): keep what did arrive, so a resumed
                    // upload continues from every byte received, then report the failure.
                    await WriteBehindAsync(file, buffer.Slice(lead, filled), CancellationToken.None);
                    await WriteBehindAsync(file, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
                    appended += filled;
                    throw;
                }
                var take = filled;
                if (maxBytes is { } max && appended + filled > max)
                {
                    take = (int)(max - appended);
                }
                await WriteBehindAsync(file, buffer.Slice(lead, take), cancellationToken);
                appended += take;
                if (take < filled || ended)
                {
                    await WriteBehindAsync(file, ReadOnlyMemory<byte>.Empty, cancellationToken);
                    return new UploadAppendResult(take < filled ? UploadAppendStatus.TooLarge : UploadAppendStatus.Ok, appended);
                }
                (buffer, spare) = (spare, buffer);
            }
        }
        finally
        {
            // A write still in flight (the request failed) must end before its buffer goes back to the pool.
            await DrainAsync(file);
            // Direct I/O is on only inside AppendAsync: reads (re-hashing) and other handles see a plain file.
            SetDirect(file, false);
            if (appended > 0)
            {
                TouchQuietly(file);
            }
        }
    }

    public Task TruncateAsync(long size, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, _size);
        var file = OpenFile();
        _state.Invalidate();
        file.SetLength(size);
        _size = size;
        return Task.CompletedTask;
    }

    public async Task<UploadCommitResult> CommitAsync(Digest expected, CancellationToken cancellationToken = default)
    {
        if (expected.Hex is null)
        {
            throw new ArgumentException("digest is not initialized", nameof(expected));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var file = OpenFile();
        var tempPath = _store.Paths.Upload(UploadId);
        var size = _state.Offset;
        var actual = expected.Algorithm == DigestAlgorithm.Sha256
            ? _state.CurrentSha256()
            : await HashFileAsync(file, expected.Algorithm, size, cancellationToken);
        if (actual != expected)
        {
            await CloseFileAsync(discard: true);
            _store.DeleteUploadLocked(UploadId, _state);
            Release();
            StorageLog.DigestMismatch(_store.Logger, UploadId, expected, actual);
            return new UploadCommitResult(UploadCommitStatus.DigestMismatch, size, actual);
        }

        bool published;
        try
        {
            // Read-only before it becomes visible: a committed blob is never written again.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file.SafeFileHandle, CommittedFileMode);
            }
            await WaitForBackgroundFlushAsync();
            file.Flush(flushToDisk: true);
            await CloseFileAsync();
            published = _store.Publish(tempPath, expected);
        }
        catch
        {
            // Leave the upload resumable (writable again); the gate is released when the handle is disposed.
            if (!OperatingSystem.IsWindows() && File.Exists(tempPath))
            {
                File.SetUnixFileMode(tempPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            throw;
        }
        _store.Forget(UploadId, _state);
        Release();
        if (published)
        {
            StorageLog.UploadCommitted(_store.Logger, UploadId, expected, size);
        }
        else
        {
            StorageLog.BlobAlreadyStored(_store.Logger, UploadId, expected);
        }
        return new UploadCommitResult(UploadCommitStatus.Committed, size, expected);
    }

    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        if (_released)
        {
            return;
        }
        await CloseFileAsync(discard: true);
        _store.DeleteUploadLocked(UploadId, _state);
        Release();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseFileAsync();
        }
        finally
        {
            if (_backgroundFlushFailed && !_released)
            {
                // What was written may not be on disk, and no later fsync would say so: the upload cannot
                // be trusted any more, the client starts over.
                _store.DeleteUploadLocked(UploadId, _state);
            }
            Release();
        }
    }

    /// <summary>Hashes the first <paramref name="size"/> bytes of the file (the algorithms not kept incrementally).</summary>
    private static async Task<Digest> HashFileAsync(FileStream file, DigestAlgorithm algorithm, long size, CancellationToken cancellationToken)
    {
        using var hasher = Digest.CreateHasher(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(FileSystemBlobStore.BufferSize);
        try
        {
            long done = 0;
            while (done < size)
            {
                var want = (int)Math.Min(FileSystemBlobStore.BufferSize, size - done);
                var read = await RandomAccess.ReadAsync(file.SafeFileHandle, buffer.AsMemory(0, want), done, cancellationToken);
                if (read == 0)
                {
                    throw new IOException($"upload file ended at {done} of {size} bytes");
                }
                hasher.AppendData(buffer, 0, read);
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Digest.FromHash(algorithm, hasher.GetHashAndReset());
    }

    private long InFlightBytes => _inFlight?.Data.Length ?? 0;

    /// <summary>
    /// Waits for the write in flight, starts writing <paramref name="data"/> after it, and then, while that
    /// runs, hashes what the finished write put in the file. The hash only ever covers bytes in the file.
    /// Empty <paramref name="data"/> just finishes the write in flight.
    /// </summary>
    private async Task WriteBehindAsync(FileStream file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var previous = _inFlight;
        _inFlight = null;
        if (previous is not null)
        {
            await FinishAsync(file, previous);
        }
        if (!data.IsEmpty)
        {
            var offset = _state.Offset + (previous?.Data.Length ?? 0);
            _inFlight = new PendingWrite(WriteAtAsync(file, data, offset, cancellationToken), data, offset);
        }
        if (previous is not null)
        {
            await RecordAsync(file, previous.Data);
        }
    }

    /// <summary>After a failure: lets the write in flight end, and hashes its bytes if they reached the file.</summary>
    private async Task DrainAsync(FileStream file)
    {
        if (_inFlight is not { } last)
        {
            return;
        }
        _inFlight = null;
        try
        {
            await FinishAsync(file, last);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            return; // the failure being reported is the earlier one
        }
        Hash(last.Data);
    }

    /// <summary>Awaits a write; if it failed, cuts the file back to where the write began, so file and hash agree.</summary>
    private async Task FinishAsync(FileStream file, PendingWrite write)
    {
        try
        {
            await write.Task;
        }
        catch
        {
            try
            {
                file.SetLength(write.Offset);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _state.Invalidate();
                StorageLog.TruncateFailed(_store.Logger, e, UploadId);
            }
            throw;
        }
    }

    /// <summary>Adds bytes that are now in the file to the hash and the size.</summary>
    private void Hash(ReadOnlyMemory<byte> data)
    {
        _state.Append(data.Span);
        _size = _state.Offset;
    }

    /// <summary>Hashes written bytes (<see cref="Hash"/>) and starts a background flush every few MiB.</summary>
    private async ValueTask RecordAsync(FileStream file, ReadOnlyMemory<byte> data)
    {
        Hash(data);
        _unflushedBytes += data.Length;
        if (_unflushedBytes >= BackgroundFlushBytes && _backgroundFlush is not { IsCompleted: false })
        {
            // A failure of the previous flush surfaces here: an fsync error is reported only once.
            await WaitForBackgroundFlushAsync();
            _unflushedBytes = 0;
            var handle = file.SafeFileHandle;
            _backgroundFlush = Task.Run(() => RandomAccess.FlushToDisk(handle), CancellationToken.None);
        }
    }

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="offset"/>, the end of the file. Its address must be as
    /// far from an alignment boundary as the offset is (see AppendAsync): the aligned middle then goes to disk
    /// directly, bypassing the page cache (on the 2-core VM of docs/performance.md a buffered write cost
    /// 1–2 CPU-s per GiB, a direct one 0.1); the head and tail that do not fill an aligned block go through
    /// the cache. Touches no upload state but the direct I/O mode: it runs while the caller hashes.
    /// </summary>
    private async Task WriteAtAsync(FileStream file, ReadOnlyMemory<byte> data, long offset, CancellationToken cancellationToken)
    {
        var head = (int)Math.Min(data.Length, (DirectIo.Alignment - (offset % DirectIo.Alignment)) % DirectIo.Alignment);
        var body = (data.Length - head) & ~(DirectIo.Alignment - 1);
        await WriteSegmentAsync(file, data[..head], offset, direct: false, cancellationToken);
        await WriteSegmentAsync(file, data.Slice(head, body), offset + head, direct: true, cancellationToken);
        await WriteSegmentAsync(file, data[(head + body)..], offset + head + body, direct: false, cancellationToken);
    }

    /// <summary>
    /// Waits for the background flush, if one runs. It must be observed before the handle closes: Linux
    /// reports a writeback error to one fsync only, so a lost failure would let a later commit succeed.
    /// After a failure the upload is deleted when the handle is disposed.
    /// </summary>
    private async ValueTask WaitForBackgroundFlushAsync()
    {
        if (_backgroundFlush is not { } flush)
        {
            return;
        }
        _backgroundFlush = null;
        try
        {
            await flush;
        }
        catch
        {
            _backgroundFlushFailed = true;
            throw;
        }
    }

    private async ValueTask WriteSegmentAsync(FileStream file, ReadOnlyMemory<byte> data, long offset, bool direct, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }
        if (direct && !_directUnavailable && SetDirect(file, true))
        {
            try
            {
                await RandomAccess.WriteAsync(file.SafeFileHandle, data, offset, cancellationToken);
                return;
            }
            catch (IOException e)
            {
                // Refused (EINVAL: the device wants a larger alignment) or failed: write it once more
                // through the cache, which reports a real I/O error again (here or at the commit's fsync).
                _directUnavailable = true;
                StorageLog.DirectWriteFailed(_store.Logger, e, UploadId);
            }
        }
        SetDirect(file, false);
        await RandomAccess.WriteAsync(file.SafeFileHandle, data, offset, cancellationToken);
    }

    /// <summary>Turns direct I/O on or off unless it already is; false when it is (now) off.</summary>
    private bool SetDirect(FileStream file, bool direct)
    {
        if (_direct == direct)
        {
            return direct;
        }
        if (DirectIo.TrySet(file.SafeFileHandle, direct))
        {
            _direct = direct;
        }
        else if (direct)
        {
            _directUnavailable = true;
            _store.ReportDirectIoRefused();
        }
        return _direct;
    }

    // Runs in a finally block: must not hide the exception that is already on its way out.
    private void TouchQuietly(FileStream file)
    {
        try
        {
            _store.Touch(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private FileStream OpenFile()
    {
        ObjectDisposedException.ThrowIf(_file is null, this);
        if (_state.Offset < 0)
        {
            // A failed write could not be undone; only a fresh open (which re-hashes) can continue.
            throw new InvalidOperationException("upload state is inconsistent; dispose the handle and open the upload again");
        }
        return _file;
    }

    /// <param name="discard">The file is about to be deleted: a failed background flush no longer matters.</param>
    private async ValueTask CloseFileAsync(bool discard = false)
    {
        if (_file is not { } file)
        {
            return;
        }
        _file = null;
        try
        {
            await WaitForBackgroundFlushAsync();
        }
        catch (IOException) when (discard)
        {
        }
        finally
        {
            await file.DisposeAsync();
        }
    }

    private void Release()
    {
        if (!_released)
        {
            _released = true;
            _state.Gate.Release();
        }
    }
}

/// <summary>A write of an upload's buffer that has started and not been awaited yet.</summary>
internal sealed record PendingWrite(Task Task, ReadOnlyMemory<byte> Data, long Offset);
