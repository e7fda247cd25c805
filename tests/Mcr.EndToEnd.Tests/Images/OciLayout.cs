using System.Text.Json.Nodes;

namespace Mcr.EndToEnd.Tests.Images;

/// <summary>Reads an OCI image layout written by skopeo (or by <see cref="OciLayoutWriter"/>) for comparisons.</summary>
public sealed class OciLayout(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>The digest of the index.json entry tagged <paramref name="tag"/>, or null.</summary>
    public string? ResolveTag(string tag)
    {
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "index.json")))!;
        return index["manifests"]!.AsArray()
            .FirstOrDefault(m => (string?)m!["annotations"]?[MediaTypes.RefNameAnnotation] == tag)?["digest"]?.GetValue<string>();
    }

    public bool HasBlob(string digest) => File.Exists(BlobPath(digest));

    public byte[] ReadBlob(string digest) => File.ReadAllBytes(BlobPath(digest));

    private string BlobPath(string digest)
    {
        var parts = digest.Split(':', 2);
        return Path.Combine(Directory, "blobs", parts[0], parts[1]);
    }
}
