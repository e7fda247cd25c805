namespace Mcr.Core.Manifests;

/// <summary>Whether a manifest references blobs (config and layers) or other manifests (children).</summary>
public enum ManifestKind
{
    /// <summary>OCI image manifest or Docker schema 2 manifest (also used for artifacts).</summary>
    Image,

    /// <summary>OCI image index or Docker manifest list.</summary>
    Index,
}
