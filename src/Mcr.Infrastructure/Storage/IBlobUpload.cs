using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// An upload in progress: bytes are appended to a temp file while the sha256 of everything written
/// so far is kept up to date (the client announces the digest only at the end; a sha512 digest is
/// verified by re-reading the file at commit).
/// </summary>
public interface IBlobUpload : IAsyncDisposable
{
    Guid UploadId { get; }

    /// <summary>Bytes written so far; the next byte goes at this offset.</summary>
    long Size { get; }

    /// <summary>
    /// Appends everything <paramref name="source"/> yields, streaming through a bounded buffer.
    /// <paramref name="maxBytes"/> limits the bytes this call appends: if more arrive, the first
    /// <paramref name="maxBytes"/> are written, the rest is not, and <see cref="UploadAppendStatus.TooLarge"/>
    /// is returned. If reading <paramref name="source"/> or writing fails the exception propagates and
    /// the upload keeps exactly the bytes written before it (<see cref="Size"/> says how many), with
    /// its running hash consistent with them. Returns the number of bytes appended.
    /// </summary>
    Task<UploadAppendResult> AppendAsync(Stream source, long? maxBytes = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies that the content hashes to <paramref name="expected"/>, fsyncs the file and atomically
    /// renames it to its content-addressed path (an existing blob with that digest is kept). On a
    /// mismatch the temp file is deleted and <see cref="UploadCommitStatus.DigestMismatch"/> returned.
    /// </summary>
    Task<UploadCommitResult> CommitAsync(Digest expected, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cuts the upload back to its first <paramref name="size"/> bytes, so a request that failed part-way (the
    /// disk filled up) leaves nothing of itself behind. The running hash is rebuilt from the file when the
    /// upload is next opened; this handle takes no more bytes.
    /// </summary>
    Task TruncateAsync(long size, CancellationToken cancellationToken = default);

    /// <summary>
    /// Abandons the upload: deletes its temp file and forgets its state. The handle is done afterwards
    /// (same effect as disposing it and calling <see cref="IBlobStore.DeleteUploadAsync"/>).
    /// </summary>
    Task CancelAsync(CancellationToken cancellationToken = default);
}

public enum UploadAppendStatus
{
    Ok,
    TooLarge,
}

public readonly record struct UploadAppendResult(UploadAppendStatus Status, long BytesAppended);

public enum UploadCommitStatus
{
    Committed,
    DigestMismatch,
}

/// <summary>Outcome of a commit: the verified size, or the digest actually computed on mismatch.</summary>
public readonly record struct UploadCommitResult(UploadCommitStatus Status, long Size, Digest Actual);
