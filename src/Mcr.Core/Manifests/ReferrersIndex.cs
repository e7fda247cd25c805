using System.Buffers;
using System.Text.Json;

namespace Mcr.Core.Manifests;

/// <summary>Builds the body of a referrers response: an OCI image index listing the referrers.</summary>
public static class ReferrersIndex
{
    /// <summary>
    /// The compact JSON of an image index (<c>schemaVersion</c> 2, OCI index media type) whose
    /// <c>manifests</c> are <paramref name="referrers"/> in the given order; an empty list gives an
    /// empty <c>manifests</c> array. <c>artifactType</c> and <c>annotations</c> are omitted when absent.
    /// </summary>
    public static byte[] Build(IEnumerable<ReferrerDescriptor> referrers)
    {
        ArgumentNullException.ThrowIfNull(referrers);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", ManifestMediaTypes.OciIndex);
            writer.WriteStartArray("manifests");
            foreach (var referrer in referrers)
            {
                writer.WriteStartObject();
                writer.WriteString("mediaType", referrer.MediaType);
                writer.WriteString("digest", referrer.Digest.ToString());
                writer.WriteNumber("size", referrer.Size);
                if (!string.IsNullOrEmpty(referrer.ArtifactType))
                {
                    writer.WriteString("artifactType", referrer.ArtifactType);
                }
                if (referrer.Annotations is { Count: > 0 } annotations)
                {
                    writer.WriteStartObject("annotations");
                    foreach (var (key, value) in annotations)
                    {
                        writer.WriteString(key, value);
                    }
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
