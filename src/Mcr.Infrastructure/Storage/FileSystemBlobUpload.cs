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
    /// it (~0.15 s per 256 MiB here, 15 % of a push); with it, only the last few MiB are left.
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
        var buffer = ArrayPool<byte>.Shared.Rent(FileSystemBlobStore.BufferSize);
        long appended = 0;
        try
        {
            // Kestrel hands the body over in small pieces (a few KiB per read); gathering them into one
            // large buffer turns thousands of write and hash calls into a few hundred (push throughput).
            var filled = 0;
            var ended = false;
            while (!ended)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer.AsMemory(filled, FileSystemBlobStore.BufferSize - filled), cancellationToken);
                }
                catch when (filled > 0 && (maxBytes is null || appended + filled <= maxBytes))
                {
                    // The client went away (or the source failed): keep what did arrive, so a resumed
                    // upload continues from every byte received, then report the failure.
                    await WriteAsync(file, buffer.AsMemory(0, filled), CancellationToken.None);
                    appended += filled;
                    throw;
                }
                ended = read == 0;
                filled += read;
                if (!ended && filled < FileSystemBlobStore.BufferSize)
                {
                    continue;
                }
                var take = filled;
                if (maxBytes is { } max && appended + filled > max)
                {
                    take = (int)(max - appended);
                }
                if (take > 0)
                {
                    await WriteAsync(file, buffer.AsMemory(0, take), cancellationToken);
                    appended += take;
                }
                if (take < filled)
                {
                    return new UploadAppendResult(UploadAppendStatus.TooLarge, appended);
                }
                filled = 0;
            }
            return new UploadAppendResult(UploadAppendStatus.Ok, appended);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (appended > 0)
            {
                TouchQuietly(file);
            }
        }
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

    private async Task WriteAsync(FileStream file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var start = _state.Offset;
        try
        {
            await file.WriteAsync(data, cancellationToken);
        }
        catch
        {
            // Part of the buffer may have reached the file: cut it back so file and hash agree.
            try
            {
                file.SetLength(start);
                file.Seek(start, SeekOrigin.Begin);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _state.Invalidate();
                StorageLog.TruncateFailed(_store.Logger, e, UploadId);
            }
            throw;
        }
        _state.Append(data.Span);
        _size = _state.Offset;
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
