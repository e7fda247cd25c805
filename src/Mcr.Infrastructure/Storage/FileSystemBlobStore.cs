using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using Mcr.Core.Digests;
using Mcr.Infrastructure.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// <see cref="IBlobStore"/> on the local filesystem (SPEC §7); the layout is drawn in <see cref="BlobPaths"/>.
/// Upload hash state lives in memory between requests and is rebuilt from the temp file when missing.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    /// <summary>
    /// Copy buffer for uploads, re-hashing and downloads. An append holds two (one filling while the other is
    /// written), a download two windows (one being sent, the next being read), so memory per active upload or
    /// download is bounded by twice this.
    /// </summary>
    internal const int BufferSize = 1024 * 1024;

    private const UnixFileMode UploadFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly ConcurrentDictionary<Guid, UploadState> _uploads = new();
    private readonly RecentReads _recentReads;
    private readonly RegistryMetrics? _metrics;
    private bool _loggedNoDirectoryFsync;
    private bool _loggedNoDirectIo;

    public FileSystemBlobStore(
        string layersPath,
        string uploadsPath,
        TimeProvider? timeProvider = null,
        ILogger<FileSystemBlobStore>? logger = null,
        RegistryMetrics? metrics = null)
    {
        Paths = new BlobPaths(layersPath, uploadsPath);
        Directory.CreateDirectory(Paths.LayersRoot);
        Directory.CreateDirectory(Paths.UploadsRoot);
        Time = timeProvider ?? TimeProvider.System;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        _recentReads = new RecentReads(Time);
        _metrics = metrics;
    }

    /// <summary>Absolute layers directory.</summary>
    public string LayersPath => Paths.LayersRoot;

    /// <summary>Absolute uploads directory.</summary>
    public string UploadsPath => Paths.UploadsRoot;

    internal BlobPaths Paths { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    public Task<long?> StatAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(Paths.Blob(digest));
        return Task.FromResult(info.Exists ? info.Length : (long?)null);
    }

    public Task<BlobReadHandle?> OpenReadAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        var path = Paths.Blob(digest);
        BlobReadStream stream;
        try
        {
            // Read once: around the page cache; read again soon: through it, so the next ones hit memory.
            // Decided at the first byte read, so the HEAD a client sends before its GET does not count.
            stream = BlobReadStream.Open(path, () => !_recentReads.Record(digest), _metrics);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<BlobReadHandle?>(null);
        }
        return Task.FromResult<BlobReadHandle?>(new BlobReadHandle(stream, stream.Length, path));
    }

    public Task<bool> DeleteAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        var path = Paths.Blob(digest);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult(false);
        }
        TryDeleteEmptyDirectory(Paths.PrefixDirectory(digest));
        StorageLog.BlobDeleted(Logger, digest);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Algorithms come from the closed enum, never from directory names; unknown directories are ignored.
        foreach (var algorithm in Enum.GetValues<DigestAlgorithm>())
        {
            var prefixes = Snapshot(Paths.AlgorithmDirectory(algorithm), directories: true,
                static (ref FileSystemEntry e) => (Name: e.FileName.ToString(), Path: e.ToFullPath()));
            foreach (var prefix in prefixes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!BlobPaths.IsPrefixName(prefix.Name))
                {
                    continue;
                }
                var files = Snapshot(prefix.Path, directories: false,
                    static (ref FileSystemEntry e) => (Name: e.FileName.ToString(), e.Length, Modified: e.LastWriteTimeUtc));
                foreach (var file in files)
                {
                    if (BlobPaths.TryParseBlobName(algorithm, prefix.Name, file.Name, out var digest))
                    {
                        yield return new StoredBlob(digest, file.Length, file.Modified);
                    }
                }
                // A full walk can be long; give the thread back between directories.
                await Task.Yield();
            }
        }
    }

    public async Task<IBlobUpload> CreateUploadAsync(Guid uploadId, CancellationToken cancellationToken = default)
    {
        var state = await AcquireAsync(uploadId, cancellationToken);
        try
        {
            var file = OpenUploadFile(Paths.Upload(uploadId), FileMode.CreateNew);
            state.Reset();
            Touch(file);
            return new FileSystemBlobUpload(this, uploadId, state, file);
        }
        catch
        {
            state.Gate.Release();
            throw;
        }
    }

    public async Task<IBlobUpload?> OpenUploadAsync(Guid uploadId, CancellationToken cancellationToken = default)
    {
        var state = await AcquireAsync(uploadId, cancellationToken);
        FileStream? file = null;
        var handedOver = false;
        try
        {
            try
            {
                file = OpenUploadFile(Paths.Upload(uploadId), FileMode.Open);
            }
            catch (FileNotFoundException)
            {
                Forget(uploadId, state);
                return null;
            }
            if (state.Offset != file.Length)
            {
                await RehashAsync(uploadId, state, file, cancellationToken);
            }
            file.Seek(0, SeekOrigin.End);
            handedOver = true;
            return new FileSystemBlobUpload(this, uploadId, state, file);
        }
        finally
        {
            if (!handedOver)
            {
                file?.Dispose();
                state.Gate.Release();
            }
        }
    }

    public async Task<bool> DeleteUploadAsync(Guid uploadId, CancellationToken cancellationToken = default)
    {
        var state = await AcquireAsync(uploadId, cancellationToken);
        try
        {
            return DeleteUploadLocked(uploadId, state);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    public async IAsyncEnumerable<StoredUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = Snapshot(Paths.UploadsRoot, directories: false,
            static (ref FileSystemEntry e) => (Name: e.FileName.ToString(), e.Length, Modified: e.LastWriteTimeUtc));
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (BlobPaths.TryParseUploadName(file.Name, out var uploadId))
            {
                yield return new StoredUpload(uploadId, file.Length, file.Modified);
            }
        }
        await Task.CompletedTask; // one directory read, already done; keeps the async iterator shape
    }

    /// <summary>Deletes the temp file and forgets the state; the caller holds the state's gate.</summary>
    internal bool DeleteUploadLocked(Guid uploadId, UploadState state)
    {
        var path = Paths.Upload(uploadId);
        var existed = File.Exists(path);
        if (existed)
        {
            File.Delete(path);
        }
        Forget(uploadId, state);
        return existed;
    }

    /// <summary>Retires an upload's state and drops it from the map; the caller holds the state's gate.</summary>
    internal void Forget(Guid uploadId, UploadState state)
    {
        state.Retire();
        _uploads.TryRemove(KeyValuePair.Create(uploadId, state));
    }

    /// <summary>
    /// Moves a verified, fsynced temp file to its content-addressed path. Returns false if the blob
    /// was already stored (the temp file is then deleted: same digest, same content).
    /// </summary>
    internal bool Publish(string tempPath, Digest digest)
    {
        var target = Paths.Blob(digest);
        var directory = Paths.PrefixDirectory(digest);
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(directory);
            try
            {
                File.Move(tempPath, target, overwrite: false);
                break;
            }
            catch (DirectoryNotFoundException) when (attempt < 5 && File.Exists(tempPath))
            {
                // A concurrent DeleteAsync removed the (then empty) prefix directory; create it again.
            }
            catch (IOException) when (File.Exists(target))
            {
                File.Delete(tempPath);
                return false;
            }
        }
        // Make the rename itself durable, not only the file's content.
        if (!DirectorySync.TryFsync(directory) && !_loggedNoDirectoryFsync)
        {
            _loggedNoDirectoryFsync = true;
            StorageLog.DirectoryFsyncUnavailable(Logger, directory);
        }
        return true;
    }

    /// <summary>Logs, once per store, that the uploads directory refuses direct I/O (uploads then use the page cache).</summary>
    internal void ReportDirectIoRefused()
    {
        if (!_loggedNoDirectIo)
        {
            _loggedNoDirectIo = true;
            StorageLog.DirectIoRefused(Logger, Paths.UploadsRoot);
        }
    }

    /// <summary>Stamps a file with the store's clock, so reconcile's age checks use the same clock.</summary>
    internal void Touch(FileStream file) => File.SetLastWriteTimeUtc(file.SafeFileHandle, Time.GetUtcNow().UtcDateTime);

    private async Task<UploadState> AcquireAsync(Guid uploadId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = _uploads.GetOrAdd(uploadId, static _ => new UploadState());
            await state.Gate.WaitAsync(cancellationToken);
            if (!state.Retired && _uploads.TryGetValue(uploadId, out var current) && ReferenceEquals(current, state))
            {
                return state;
            }
            // The upload was committed or deleted while we waited: start over with a fresh state.
            state.Gate.Release();
        }
    }

    private async Task RehashAsync(Guid uploadId, UploadState state, FileStream file, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            state.Reset();
            file.Seek(0, SeekOrigin.Begin);
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                state.Append(buffer.AsSpan(0, read));
            }
        }
        catch
        {
            state.Invalidate();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        StorageLog.UploadRehashed(Logger, uploadId, state.Offset);
    }

    private static FileStream OpenUploadFile(string path, FileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 0, // AppendAsync has its own bounded buffer; no second copy.
            Options = FileOptions.Asynchronous,
        };
        if (mode == FileMode.CreateNew && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UploadFileMode;
        }
        return new FileStream(path, options);
    }

    private static void TryDeleteEmptyDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not empty (another blob shares the prefix), already gone, or racing a commit: all fine.
        }
    }

    /// <summary>
    /// Reads one directory's entries into a list (so a concurrently removed directory shows as empty
    /// instead of failing the walk half-way).
    /// </summary>
    private static List<T> Snapshot<T>(string directory, bool directories, FileSystemEnumerable<T>.FindTransform transform)
    {
        try
        {
            return
            [
                .. new FileSystemEnumerable<T>(directory, transform)
                {
                    ShouldIncludePredicate = directories
                        ? static (ref FileSystemEntry e) => e.IsDirectory
                        : static (ref FileSystemEntry e) => !e.IsDirectory,
                },
            ];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
