using Mcr.Core.Digests;

namespace Mcr.Core.Manifests;

/// <summary>What the registry needs to know about a pushed manifest; the bytes themselves are stored as sent.</summary>
public sealed record ParsedManifest
{
    /// <summary>The manifest's media type, canonical spelling (one of the four supported types).</summary>
    public required string MediaType { get; init; }

    public required ManifestKind Kind { get; init; }

    /// <summary>The config descriptor of an image manifest; null for an index.</summary>
    public Descriptor? Config { get; init; }

    /// <summary>Layers of an image manifest, including non-distributable ones; empty for an index.</summary>
    public IReadOnlyList<Descriptor> Layers { get; init; } = [];

    /// <summary>The <c>manifests</c> entries of an index; empty for an image manifest.</summary>
    public IReadOnlyList<Descriptor> Children { get; init; } = [];

    /// <summary>The <c>subject</c> descriptor (referrers API), if any.</summary>
    public Descriptor? Subject { get; init; }

    /// <summary>
    /// The artifact type a referrers list reports for this manifest: the <c>artifactType</c> field, else
    /// for an image manifest the config media type, else (index without the field) null.
    /// </summary>
    public string? ArtifactType { get; init; }

    /// <summary>The manifest's top-level <c>annotations</c> (empty if none).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Blobs that must be present in the repository before the manifest is accepted: config and
    /// distributable layers, distinct, in manifest order. Empty for an index.
    /// </summary>
    public IReadOnlyList<Digest> RequiredBlobs { get; init; } = [];
}
