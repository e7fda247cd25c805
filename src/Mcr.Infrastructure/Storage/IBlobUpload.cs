using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// An upload in progress: bytes are appended to a temp file while the sha256 and sha512 of
/// everything written so far are kept up to date (only the committed digest's algorithm is used,
/// but the client announces it only at the end).
/// </summary>
public interface IBlobUpload : IAsyncDisposable
{
    Guid UploadId { get; }

    /// <summary>Bytes written so far; the next byte goes at this offset.</summary>
    long Size { get; }

    /// <summary>
    /// Appends everything <paramref name="source"/> yields, streaming through a bounded buffer.
    /// If more than <paramref name="maxBytes"/> arrive the extra bytes are not written and
    /// <see cref="UploadAppendStatus.TooLarge"/> is returned; on a read error the upload keeps
    /// the bytes written before it. Returns the number of bytes appended.
    /// </summary>
    Task<UploadAppendResult> AppendAsync(Stream source, long? maxBytes = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies that the content hashes to <paramref name="expected"/>, fsyncs the file and atomically
    /// renames it to its content-addressed path (an existing blob with that digest is kept). On a
    /// mismatch the temp file is deleted and <see cref="UploadCommitStatus.DigestMismatch"/> returned.
    /// </summary>
    Task<UploadCommitResult> CommitAsync(Digest expected, CancellationToken cancellationToken = default);
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
