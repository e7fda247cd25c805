using System.Text;
using Mcr.Core.Digests;

namespace Mcr.Core.Tests.Manifests;

/// <summary>Builders of manifest JSON for parser tests.</summary>
internal static class ManifestJson
{
    public static readonly string ConfigDigest = DigestOf("config");
    public static readonly string Layer1 = DigestOf("layer1");
    public static readonly string Layer2 = DigestOf("layer2");
    public static readonly string SubjectDigest = DigestOf("subject");

    public static string DigestOf(string text) => Digest.Compute(DigestAlgorithm.Sha256, Encoding.UTF8.GetBytes(text)).ToString();

    public static string Desc(string mediaType, string digest, long size = 10, string extra = "") =>
        $$"""{"mediaType":"{{mediaType}}","digest":"{{digest}}","size":{{size}}{{extra}}}""";

    public static string Image(
        string? mediaType = "application/vnd.oci.image.manifest.v1+json",
        string configMediaType = "application/vnd.oci.image.config.v1+json",
        string? layers = null,
        string extra = "")
    {
        layers ??= $"[{Desc("application/vnd.oci.image.layer.v1.tar+gzip", Layer1)},{Desc("application/vnd.oci.image.layer.v1.tar+gzip", Layer2)}]";
        var mediaTypeField = mediaType is null ? "" : $"\"mediaType\":\"{mediaType}\",";
        return $$"""{"schemaVersion":2,{{mediaTypeField}}"config":{{Desc(configMediaType, ConfigDigest)}},"layers":{{layers}}{{extra}}}""";
    }

    public static string Index(string? mediaType = "application/vnd.oci.image.index.v1+json", string? children = null, string extra = "")
    {
        children ??= $"[{Desc("application/vnd.oci.image.manifest.v1+json", Layer1, 500, ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}")}]";
        var mediaTypeField = mediaType is null ? "" : $"\"mediaType\":\"{mediaType}\",";
        return $$"""{"schemaVersion":2,{{mediaTypeField}}"manifests":{{children}}{{extra}}}""";
    }

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
