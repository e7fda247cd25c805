using System.Text;
using System.Text.Json.Nodes;
using Mcr.Core.Manifests;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Admin;

/// <summary>An image pushed with known parts: its manifest, config and one layer.</summary>
public sealed record AdminImage(PushedManifest Manifest, TestDescriptor Config, TestDescriptor Layer)
{
    /// <summary>What <c>size</c> of a tag on this image must be: the manifest, the config and the layer.</summary>
    public long PullSize => Manifest.Content.Length + Config.Size + Layer.Size;

    /// <summary>Its descriptor as an index entry with a platform.</summary>
    public TestDescriptor Entry(string os, string architecture, string? variant = null, string? osVersion = null)
    {
        var platform = new JsonObject { ["architecture"] = architecture, ["os"] = os };
        if (variant is not null)
        {
            platform["variant"] = variant;
        }
        if (osVersion is not null)
        {
            platform["os.version"] = osVersion;
        }
        return Manifest.Descriptor with { Platform = platform };
    }
}

/// <summary>Pushes images whose config blob is a real image config (or any bytes the test chooses).</summary>
public static class AdminImages
{
    /// <summary>An OCI image config for the platform, with every field the manifest view reads.</summary>
    public static byte[] Config(string os = "linux", string architecture = "amd64", string? variant = null)
    {
        var json = new JsonObject
        {
            ["created"] = "2026-11-30T10:00:00Z",
            ["author"] = "MCR tests",
            ["architecture"] = architecture,
            ["os"] = os,
            ["config"] = new JsonObject
            {
                ["User"] = "1000:1000",
                ["Env"] = new JsonArray("PATH=/usr/local/bin:/usr/bin", "LANG=C.UTF-8"),
                ["Entrypoint"] = new JsonArray("/app/server"),
                ["Cmd"] = new JsonArray("--listen", ":8080"),
                ["WorkingDir"] = "/app",
                ["Labels"] = new JsonObject { ["org.opencontainers.image.title"] = "app" },
            },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray("sha256:" + new string('0', 64)) },
            ["history"] = new JsonArray(
                new JsonObject { ["created"] = "2026-11-30T09:59:00Z", ["created_by"] = "ADD app /app", ["comment"] = "buildkit" },
                new JsonObject { ["created"] = "2026-11-30T10:00:00Z", ["created_by"] = "ENV LANG=C.UTF-8", ["empty_layer"] = true }),
        };
        if (variant is not null)
        {
            json["variant"] = variant;
        }
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>Pushes the config, one random layer (with annotations if given) and the image manifest.</summary>
    public static async Task<AdminImage> PushAsync(ManifestTestClient push, string repository, byte[] config, string? tag = null,
        string configType = ManifestMediaTypes.OciImageConfig, IReadOnlyDictionary<string, string>? layerAnnotations = null,
        string mediaType = ManifestMediaTypes.OciManifest)
    {
        var configDescriptor = await push.PushBlobAsync(repository, config, configType);
        var layer = await push.PushBlobAsync(repository, OciTestClient.RandomBytes(300),
            mediaType == ManifestMediaTypes.DockerManifest ? TestManifests.DockerLayerType : TestManifests.LayerType);
        var manifest = await push.PushManifestAsync(repository,
            TestManifests.Image(configDescriptor, [layer with { Annotations = layerAnnotations }], mediaType), mediaType, tag);
        return new AdminImage(manifest, configDescriptor, layer);
    }
}
