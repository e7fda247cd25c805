namespace Mcr.Infrastructure.Registry;

/// <summary>What deleting a repository removed; <see cref="Uploads"/> lets the caller delete their temp files.</summary>
public sealed record RepositoryDeleteSummary(string Name, int ManifestsRemoved, int TagsRemoved, IReadOnlyList<Guid> Uploads);

/// <summary>
/// Repository rows. Repositories are created implicitly by the first upload, mount or manifest push
/// into them; names MUST already be valid (<see cref="Mcr.Core.Names.RepositoryName"/>): write methods
/// throw <see cref="ArgumentException"/> for an invalid name, read methods just find nothing.
/// </summary>
public interface IRepositoryStore
{
    /// <summary>The repository's id, or null if it does not exist.</summary>
    Task<long?> GetIdAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The repository's id, creating it (in one transaction) if it does not exist.</summary>
    Task<long> GetOrCreateAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Catalog page: up to <paramref name="n"/> names in byte-wise (ASCIIbetical) order, starting strictly
    /// after <paramref name="last"/> (from the beginning when null). <c>n = 0</c> gives an empty page without more.
    /// Callers MUST cap <paramref name="n"/> (page size limit).
    /// </summary>
    Task<ListPage<string>> ListNamesAsync(int n, string? last, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the repository with its manifests, tags, blob links and uploads (blob rows stay: GC removes
    /// them). Null if it did not exist.
    /// </summary>
    Task<RepositoryDeleteSummary?> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
