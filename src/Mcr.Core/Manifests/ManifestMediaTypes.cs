namespace Mcr.Core.Manifests;

/// <summary>The media types MCR knows by name: the four manifest formats it stores and a few descriptor types.</summary>
public static class ManifestMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    public const string OciImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerImageConfig = "application/vnd.docker.container.image.v1+json";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    /// <summary>Prefix of the (deprecated) OCI layers with distribution restrictions.</summary>
    public const string OciNonDistributablePrefix = "application/vnd.oci.image.layer.nondistributable.";

    /// <summary>Docker's "foreign" layer, the Docker equivalent of a non-distributable layer.</summary>
    public const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>
    /// The canonical spelling of a supported manifest media type, or null if unsupported.
    /// Media types are case-insensitive (RFC 6838), so the match is too.
    /// </summary>
    public static string? Canonicalize(string? mediaType)
    {
        foreach (var known in (ReadOnlySpan<string>)[OciManifest, OciIndex, DockerManifest, DockerManifestList])
        {
            if (string.Equals(mediaType, known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }
        return null;
    }

    /// <summary>The kind of a supported manifest media type (index formats list children, the others reference blobs).</summary>
    public static ManifestKind KindOf(string canonicalMediaType) =>
        canonicalMediaType is OciIndex or DockerManifestList ? ManifestKind.Index : ManifestKind.Image;

    /// <summary>True when a config of this media type is a container image config (OCI or Docker), not an artifact's.</summary>
    public static bool IsImageConfig(string? configMediaType) =>
        string.Equals(configMediaType, OciImageConfig, StringComparison.OrdinalIgnoreCase)
        || string.Equals(configMediaType, DockerImageConfig, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True for layers a registry is not expected to hold (their content lives elsewhere), so a manifest
    /// push does not require them to be uploaded.
    /// </summary>
    public static bool IsNonDistributable(string layerMediaType) =>
        layerMediaType.StartsWith(OciNonDistributablePrefix, StringComparison.OrdinalIgnoreCase)
        || string.Equals(layerMediaType, DockerForeignLayer, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The bare media type of a Content-Type header value: parameters (<c>; charset=utf-8</c>) removed,
    /// whitespace trimmed; null when absent or empty.
    /// </summary>
    public static string? StripParameters(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var bare = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return bare.Length == 0 ? null : bare;
    }
}
