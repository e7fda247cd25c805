using Mcr.Core.Digests;

namespace Mcr.Core.Manifests;

/// <summary>One entry of a referrers list: a manifest whose <c>subject</c> is the queried digest.</summary>
public sealed record ReferrerDescriptor(
    string MediaType,
    Digest Digest,
    long Size,
    string? ArtifactType,
    IReadOnlyDictionary<string, string>? Annotations);
