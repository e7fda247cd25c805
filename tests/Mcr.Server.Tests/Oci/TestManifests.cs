using System.Text;
using System.Text.Json.Nodes;
using Mcr.Core.Digests;
using Mcr.Core.Manifests;

namespace Mcr.Server.Tests.Oci;

/// <summary>A content descriptor as the tests write it into manifests.</summary>
public sealed record TestDescriptor(string MediaType, Digest Digest, long Size)
{
    public string? ArtifactType { get; init; }

    /// <summary>The descriptor's <c>platform</c> object (index entries), written as given.</summary>
    public JsonObject? Platform { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["mediaType"] = MediaType, ["digest"] = Digest.ToString(), ["size"] = Size };
        if (ArtifactType is not null)
        {
            json["artifactType"] = ArtifactType;
        }
        if (Platform is not null)
        {
            json["platform"] = Platform.DeepClone();
        }
        if (Annotations is not null)
        {
            json["annotations"] = TestManifests.ToJsonObject(Annotations);
        }
        return json;
    }
}

/// <summary>Builds manifest bodies (OCI and Docker, images, indexes, artifacts) for the endpoint tests.</summary>
public static class TestManifests
{
    public const string LayerType = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string DockerConfigType = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerType = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>An image manifest; <paramref name="mediaType"/> null leaves the field out.</summary>
    public static byte[] Image(
        TestDescriptor config,
        IEnumerable<TestDescriptor> layers,
        string? mediaType = ManifestMediaTypes.OciManifest,
        string? artifactType = null,
        TestDescriptor? subject = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var json = new JsonObject { ["schemaVersion"] = 2 };
        if (mediaType is not null)
        {
            json["mediaType"] = mediaType;
        }
        if (artifactType is not null)
        {
            json["artifactType"] = artifactType;
        }
        json["config"] = config.ToJson();
        json["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)l.ToJson())]);
        AddCommon(json, subject, annotations);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    public static byte[] Index(
        IEnumerable<TestDescriptor> children,
        string mediaType = ManifestMediaTypes.OciIndex,
        string? artifactType = null,
        TestDescriptor? subject = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var json = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = mediaType };
        if (artifactType is not null)
        {
            json["artifactType"] = artifactType;
        }
        json["manifests"] = new JsonArray([.. children.Select(c => (JsonNode)c.ToJson())]);
        AddCommon(json, subject, annotations);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static void AddCommon(JsonObject json, TestDescriptor? subject, IReadOnlyDictionary<string, string>? annotations)
    {
        if (subject is not null)
        {
            json["subject"] = subject.ToJson();
        }
        if (annotations is not null)
        {
            json["annotations"] = ToJsonObject(annotations);
        }
    }

    public static JsonObject ToJsonObject(IReadOnlyDictionary<string, string> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values)
        {
            map[key] = value;
        }
        return map;
    }
}
