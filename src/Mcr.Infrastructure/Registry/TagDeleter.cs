using Mcr.Core.Digests;
using Mcr.Infrastructure.Audit;

namespace Mcr.Infrastructure.Registry;

/// <summary>
/// Deleting a tag, the one path for <c>DELETE /v2/&lt;name&gt;/manifests/&lt;tag&gt;</c> and the admin API: the tag row
/// goes (the manifest stays, reachable by digest) and <c>tag_deleted</c> is recorded with the digest it pointed at.
/// Whether the caller may delete is the transport's check, made before.
/// </summary>
public sealed class TagDeleter(IManifestStore store, IAuditSink audit, TimeProvider time)
{
    /// <summary>The digest the tag pointed at, or null when the repository has no such tag (nothing recorded).</summary>
    /// <remarks>Runs to the end whatever the client does: a deletion is not left half-recorded.</remarks>
    public async Task<Digest?> DeleteAsync(string repository, string tag, string actorId, string? clientIp)
    {
        var digest = await store.DeleteTagAsync(repository, tag, CancellationToken.None);
        if (digest is { } deleted)
        {
            audit.Record(new AuditEvent(time.GetUtcNow(), AuditEventTypes.TagDeleted, actorId, repository, deleted.ToString(), clientIp,
                new Dictionary<string, string> { ["tag"] = tag }));
        }
        return digest;
    }
}
