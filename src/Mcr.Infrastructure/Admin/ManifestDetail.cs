using Mcr.Core.Manifests;

namespace Mcr.Infrastructure.Admin;

/// <summary>
/// A manifest as the admin API shows it (REST <c>GET /v1/manifests</c>, gRPC <c>GetManifest</c>): its metadata, the
/// tags pointing at it, its exact <see cref="Content"/>, its parts and, for an image, what its config says.
/// Lists and maps are never null (empty when there is nothing); values that are absent are null.
/// </summary>
/// <param name="Size">The manifest's own bytes.</param>
/// <param name="Config">An image's config; null for an index.</param>
/// <param name="ImageConfig">Read from the config blob when it is a container image config; null otherwise or when unreadable.</param>
/// <param name="Children">An index's manifests, with their platforms.</param>
/// <param name="Referrers">Manifests of the repository whose subject is this one, oldest push first.</param>
public sealed record ManifestDetail(
    string Repository,
    string Digest,
    string MediaType,
    long Size,
    string? ArtifactType,
    string? SubjectDigest,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Tags,
    string Content,
    ContentDescriptor? Config,
    IReadOnlyList<ContentDescriptor> Layers,
    ImageConfig? ImageConfig,
    IReadOnlyList<ContentDescriptor> Children,
    IReadOnlyList<ContentDescriptor> Referrers,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>A content descriptor (config, layer, index child, referrer); <see cref="Platform"/> is set on index children.</summary>
public sealed record ContentDescriptor(
    string MediaType,
    string Digest,
    long Size,
    string? ArtifactType,
    IReadOnlyDictionary<string, string> Annotations,
    Platform? Platform)
{
    private static readonly IReadOnlyDictionary<string, string> _none = new Dictionary<string, string>();

    public static ContentDescriptor From(Descriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new(descriptor.MediaType, descriptor.Digest.ToString(), descriptor.Size, descriptor.ArtifactType,
            descriptor.Annotations ?? _none, descriptor.Platform);
    }

    public static ContentDescriptor From(ReferrerDescriptor referrer)
    {
        ArgumentNullException.ThrowIfNull(referrer);
        return new(referrer.MediaType, referrer.Digest.ToString(), referrer.Size, referrer.ArtifactType, referrer.Annotations ?? _none, null);
    }
}

/// <summary>What a container image config (OCI or Docker) says; absent values are null, lists and maps empty.</summary>
public sealed record ImageConfig(
    Platform? Platform,
    DateTimeOffset? Created,
    string? Author,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Env,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    string? WorkingDir,
    string? User,
    IReadOnlyList<ImageHistoryEntry> History);

/// <summary>One step of an image's build history.</summary>
public sealed record ImageHistoryEntry(DateTimeOffset? Created, string? CreatedBy, string? Comment, bool EmptyLayer);
