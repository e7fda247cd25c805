using Mcr.Core.Digests;
using Mcr.Core.Manifests;

namespace Mcr.Infrastructure.Registry;

/// <summary>A manifest to store: its exact bytes and what the parser extracted from them.</summary>
public sealed record ManifestRecord(Digest Digest, string MediaType, byte[] Content)
{
    /// <summary>Digest of the <c>subject</c> manifest (referrers API), if any.</summary>
    public Digest? Subject { get; init; }

    /// <summary>The artifact type the referrers API reports (see <see cref="ParsedManifest.ArtifactType"/>).</summary>
    public string? ArtifactType { get; init; }

    /// <summary>Blobs that must be readable in the repository (config and distributable layers).</summary>
    public IReadOnlyList<Digest> RequiredBlobs { get; init; } = [];

    /// <summary>Digests of an index's child manifests, which must be manifests of the same repository.</summary>
    public IReadOnlyList<Digest> Children { get; init; } = [];

    /// <summary>The record for content that <see cref="ManifestParser"/> accepted as <paramref name="parsed"/>.</summary>
    public static ManifestRecord From(Digest digest, byte[] content, ParsedManifest parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return new ManifestRecord(digest, parsed.MediaType, content)
        {
            Subject = parsed.Subject?.Digest,
            ArtifactType = parsed.ArtifactType,
            RequiredBlobs = parsed.RequiredBlobs,
            Children = parsed.Children.Select(c => c.Digest).Distinct().ToList(),
        };
    }
}

/// <summary>A stored manifest as served by GET/HEAD: the bytes exactly as pushed.</summary>
public sealed record StoredManifest(Digest Digest, string MediaType, byte[] Content, long Size)
{
    /// <summary>
    /// The digest as text, made once per (cached) manifest rather than per request: every GET sends it in
    /// <c>Docker-Content-Digest</c> and <see cref="ETag"/> and writes it to the audit log.
    /// </summary>
    public string DigestText { get; } = Digest.ToString();

    /// <summary>The strong entity tag of the manifest: its digest, quoted.</summary>
    public string ETag { get; } = $"\"{Digest}\"";
}
