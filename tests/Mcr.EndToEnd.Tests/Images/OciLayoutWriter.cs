using System.Text;
using System.Text.Json.Nodes;
using Mcr.Core.Digests;

namespace Mcr.EndToEnd.Tests.Images;

/// <summary>
/// Writes an OCI image layout (image-layout spec) that <c>skopeo copy oci:DIR:TAG</c> reads.
/// <code>
/// DIR/oci-layout              {"imageLayoutVersion":"1.0.0"}
/// DIR/index.json              entry points, tagged with org.opencontainers.image.ref.name
/// DIR/blobs/sha256/&lt;hex&gt;     content
/// </code>
/// </summary>
public sealed class OciLayoutWriter
{
    private readonly string _directory;

    public OciLayoutWriter(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
    }

    public Descriptor WriteBlob(string mediaType, byte[] content, Platform? platform = null)
    {
        var digest = Digest.Compute(DigestAlgorithm.Sha256, content);
        File.WriteAllBytes(Path.Combine(_directory, "blobs", "sha256", digest.Hex), content);
        return new Descriptor(mediaType, digest.ToString(), content.Length, platform);
    }

    public Descriptor WriteJsonBlob(string mediaType, JsonNode json, Platform? platform = null) =>
        WriteBlob(mediaType, Encoding.UTF8.GetBytes(json.ToJsonString()), platform);

    /// <summary>Writes index.json with one entry point, tagged <paramref name="tag"/>.</summary>
    public void WriteIndex(Descriptor entry, string tag)
    {
        var manifest = entry.ToJson();
        manifest["annotations"] = new JsonObject { [MediaTypes.RefNameAnnotation] = tag };
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.ImageIndex,
            ["manifests"] = new JsonArray(manifest),
        };
        File.WriteAllText(Path.Combine(_directory, "index.json"), index.ToJsonString());
    }
}
