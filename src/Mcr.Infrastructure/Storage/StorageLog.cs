using Mcr.Core.Digests;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Storage;

/// <summary>Log messages of the blob store; event ids 7000–7099 (SPEC §7).</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information,
        Message = "Upload {UploadId}: hash state missing or stale, re-hashed {Size} bytes from the temp file")]
    public static partial void UploadRehashed(ILogger logger, Guid uploadId, long size);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "Upload {UploadId} committed as {Digest} ({Size} bytes)")]
    public static partial void UploadCommitted(ILogger logger, Guid uploadId, Digest digest, long size);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Upload {UploadId}: blob {Digest} already stored, temp file dropped")]
    public static partial void BlobAlreadyStored(ILogger logger, Guid uploadId, Digest digest);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning,
        Message = "Upload {UploadId}: digest mismatch, expected {Expected} but content is {Actual}; temp file deleted")]
    public static partial void DigestMismatch(ILogger logger, Guid uploadId, Digest expected, Digest actual);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning,
        Message = "Upload {UploadId}: could not truncate after a failed write; the hash will be rebuilt on next open")]
    public static partial void TruncateFailed(ILogger logger, Exception exception, Guid uploadId);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "Directory fsync not available for {Directory}")]
    public static partial void DirectoryFsyncUnavailable(ILogger logger, string directory);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Debug, Message = "Blob {Digest} deleted")]
    public static partial void BlobDeleted(ILogger logger, Digest digest);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information,
        Message = "Upload {UploadId}: a direct (uncached) write failed; writing through the page cache for the rest of this request")]
    public static partial void DirectWriteFailed(ILogger logger, Exception exception, Guid uploadId);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information,
        Message = "The filesystem of {Directory} refuses direct I/O (O_DIRECT); uploads are written through the page cache")]
    public static partial void DirectIoRefused(ILogger logger, string directory);
}
