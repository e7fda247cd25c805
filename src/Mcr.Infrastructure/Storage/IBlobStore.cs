using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// Content-addressed blob storage (SPEC §7). Implementations MUST only build paths from a parsed
/// <see cref="Digest"/> or a validated upload id, MUST never hold a whole blob in memory, and MUST make
/// a blob visible only after its content has been verified against its digest and made durable.
/// </summary>
public interface IBlobStore
{
    /// <summary>Size of a stored blob, or null if it is not stored.</summary>
    Task<long?> StatAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a stored blob for reading, or returns null if it is not stored. The handle may expose a
    /// local file path so the HTTP layer can send it with zero copy.
    /// </summary>
    Task<BlobReadHandle?> OpenReadAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>Deletes a stored blob and its now-empty prefix directory. Returns false if it was absent.</summary>
    Task<bool> DeleteAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>Every stored blob (for reconcile). Files whose names are not valid digests are skipped.</summary>
    IAsyncEnumerable<StoredBlob> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a new upload with an empty temp file and returns its open handle. <paramref name="uploadId"/>
    /// MUST be a fresh GUID; reusing the id of an existing upload throws <see cref="IOException"/>.
    /// </summary>
    Task<IBlobUpload> CreateUploadAsync(Guid uploadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-opens an upload to append to it, or returns null if its temp file is gone. If the running
    /// hash of the upload is no longer in memory (e.g. after a restart) it is rebuilt from the file.
    /// Only one handle of an upload is open at a time: while one is open, a second open (or
    /// <see cref="DeleteUploadAsync"/>) waits until it is disposed or the token is cancelled, so a
    /// caller MUST dispose its handle before opening or deleting the same upload again.
    /// </summary>
    Task<IBlobUpload?> OpenUploadAsync(Guid uploadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes an upload's temp file and state (cancel). Waits for an open handle of the upload to be
    /// disposed. Returns false if it was absent.
    /// </summary>
    Task<bool> DeleteUploadAsync(Guid uploadId, CancellationToken cancellationToken = default);

    /// <summary>Temp files of uploads, with their last write time (for reconcile of stale uploads).</summary>
    IAsyncEnumerable<StoredUpload> ListUploadsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A stored blob seen while listing.</summary>
public sealed record StoredBlob(Digest Digest, long Size, DateTimeOffset ModifiedAt);

/// <summary>An upload temp file seen while listing.</summary>
public sealed record StoredUpload(Guid UploadId, long Size, DateTimeOffset ModifiedAt);

/// <summary>An open blob: a readable, seekable stream, and its local path when it has one.</summary>
public sealed class BlobReadHandle(Stream stream, long length, string? physicalPath) : IAsyncDisposable, IDisposable
{
    public Stream Stream { get; } = stream;
    public long Length { get; } = length;

    /// <summary>Path of the file on local disk (for sendfile), or null for remote backends.</summary>
    public string? PhysicalPath { get; } = physicalPath;

    public ValueTask DisposeAsync() => Stream.DisposeAsync();

    public void Dispose() => Stream.Dispose();
}
