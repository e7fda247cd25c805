namespace Mcr.Infrastructure.Registry;

/// <summary>
/// An upload session. <see cref="Repository"/> is the repository it was started in: a request naming another
/// repository with this id MUST be treated as an unknown upload.
/// </summary>
public sealed record UploadRecord(Guid Id, string Repository, long Offset, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Upload session state (the bytes are in the blob store's upload area), kept in the database so an upload
/// survives a restart. Deleting a repository deletes its upload rows.
/// </summary>
public interface IUploadStore
{
    /// <summary>Starts a session at offset 0, creating the repository if needed. The id MUST be new.</summary>
    Task<UploadRecord> CreateAsync(string repository, Guid id, CancellationToken cancellationToken = default);

    /// <summary>The session, or null if unknown (never started, finished, cancelled or expired).</summary>
    Task<UploadRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Records the bytes received so far (and renews <c>updated_at</c>); false if the session is unknown.</summary>
    Task<bool> UpdateOffsetAsync(Guid id, long offset, CancellationToken cancellationToken = default);

    /// <summary>Ends the session (completed or cancelled); false if it was unknown.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Sessions not updated since before <paramref name="cutoff"/> (stale uploads for GC reconcile), oldest first.</summary>
    Task<IReadOnlyList<UploadRecord>> ListOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
