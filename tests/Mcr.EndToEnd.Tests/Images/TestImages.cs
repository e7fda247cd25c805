using System.Text.Json.Nodes;

namespace Mcr.EndToEnd.Tests.Images;

/// <summary>What a generated single-platform image consists of.</summary>
public sealed record WrittenImage(Descriptor Manifest, Descriptor Config, IReadOnlyList<Descriptor> Layers);

/// <summary>A generated multi-arch image: the image index and its platform images.</summary>
public sealed record WrittenIndex(Descriptor Index, IReadOnlyList<WrittenImage> Images);

/// <summary>Generates OCI image layouts with random content (no downloads).</summary>
public static class TestImages
{
    public static readonly Platform LinuxAmd64 = new("linux", "amd64");
    public static readonly Platform LinuxArm64 = new("linux", "arm64");

    /// <summary>
    /// An image with <paramref name="layers"/> layers; the last one is ~1 MiB so uploads span
    /// several network buffers. index.json tags it <paramref name="tag"/>.
    /// </summary>
    public static WrittenImage WriteImage(string directory, int layers = 3, string tag = "latest")
    {
        var writer = new OciLayoutWriter(directory);
        var image = WriteImageBlobs(writer, LinuxAmd64, layers);
        writer.WriteIndex(image.Manifest, tag);
        return image;
    }

    /// <summary>A layout whose index.json points at an OCI image index of linux/amd64 and linux/arm64 images.</summary>
    public static WrittenIndex WriteMultiArch(string directory, string tag = "latest")
    {
        var writer = new OciLayoutWriter(directory);
        var images = new[] { WriteImageBlobs(writer, LinuxAmd64, 2), WriteImageBlobs(writer, LinuxArm64, 2) };
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.ImageIndex,
            ["manifests"] = new JsonArray([.. images.Select(i => (JsonNode)i.Manifest.ToJson())]),
        };
        var indexDescriptor = writer.WriteJsonBlob(MediaTypes.ImageIndex, index);
        writer.WriteIndex(indexDescriptor, tag);
        return new WrittenIndex(indexDescriptor, images);
    }

    private static WrittenImage WriteImageBlobs(OciLayoutWriter writer, Platform platform, int layerCount)
    {
        var layers = Enumerable.Range(0, layerCount)
            .Select(i => i == layerCount - 1 ? GeneratedLayer.Create(files: 4, fileSize: 256 * 1024) : GeneratedLayer.Create(files: 3, fileSize: 2048))
            .ToList();
        var layerDescriptors = layers.Select(l => writer.WriteBlob(MediaTypes.LayerGzip, l.Compressed)).ToList();
        var config = new JsonObject
        {
            ["created"] = "2024-01-01T00:00:00Z",
            ["architecture"] = platform.Architecture,
            ["os"] = platform.Os,
            ["config"] = new JsonObject { ["Cmd"] = new JsonArray("/bin/sh") },
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = new JsonArray([.. layers.Select(l => (JsonNode)l.DiffId)]),
            },
        };
        var configDescriptor = writer.WriteJsonBlob(MediaTypes.ImageConfig, config);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.ImageManifest,
            ["config"] = configDescriptor.ToJson(),
            ["layers"] = new JsonArray([.. layerDescriptors.Select(d => (JsonNode)d.ToJson())]),
        };
        var manifestDescriptor = writer.WriteJsonBlob(MediaTypes.ImageManifest, manifest, platform);
        return new WrittenImage(manifestDescriptor, configDescriptor, layerDescriptors);
    }
}
