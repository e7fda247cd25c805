using System.Text.Json.Nodes;

namespace Mcr.EndToEnd.Tests.Images;

/// <summary>An OCI content descriptor; <see cref="Platform"/> only for the entries of an image index.</summary>
public sealed record Descriptor(string MediaType, string Digest, long Size, Platform? Platform = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["mediaType"] = MediaType, ["digest"] = Digest, ["size"] = Size };
        if (Platform is not null)
        {
            json["platform"] = new JsonObject { ["architecture"] = Platform.Architecture, ["os"] = Platform.Os };
        }
        return json;
    }
}

public sealed record Platform(string Os, string Architecture);
