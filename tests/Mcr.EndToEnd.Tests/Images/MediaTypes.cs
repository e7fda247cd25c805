namespace Mcr.EndToEnd.Tests.Images;

/// <summary>The OCI media types the generated images use.</summary>
public static class MediaTypes
{
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string LayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
}
