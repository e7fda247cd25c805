using Mcr.Core.Digests;

namespace Mcr.Core.Manifests;

/// <summary>
/// An OCI content descriptor as found in a manifest (config, layer, index child, subject).
/// Only the fields the registry uses are kept; the manifest bytes are stored unchanged anyway.
/// </summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size)
{
    public string? ArtifactType { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The <c>platform</c> of an index entry, when it has one.</summary>
    public Platform? Platform { get; init; }
}
