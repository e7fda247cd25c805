using System.Text.Json;
using Mcr.Core.Digests;
using Mcr.Core.Errors;

namespace Mcr.Core.Manifests;

/// <summary>
/// Validates a pushed manifest and extracts what the registry needs (references, subject, artifact type).
/// The content is only read, never re-serialized: the registry stores the bytes exactly as sent.
/// Unknown fields are ignored; the fields MCR reads may not appear twice in one object, so that no
/// other parser can read a different value from the same bytes.
/// </summary>
public static class ManifestParser
{
    private static readonly JsonReaderOptions _readerOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    private static readonly string[] _rootFields =
        ["schemaVersion", "mediaType", "artifactType", "config", "layers", "manifests", "subject", "annotations"];

    private static readonly string[] _descriptorFields = ["mediaType", "digest", "size", "artifactType", "annotations"];

    /// <summary>
    /// Parses <paramref name="content"/>, pushed with the <paramref name="contentType"/> header value (may be null).
    /// Never throws for bad input: failures are <see cref="OciErrorCode.ManifestInvalid"/>
    /// (or <see cref="OciErrorCode.ManifestTooLarge"/> over <see cref="ManifestLimits.MaxSize"/>).
    /// </summary>
    public static ManifestParseResult Parse(ReadOnlySpan<byte> content, string? contentType)
    {
        if (content.Length > ManifestLimits.MaxSize)
        {
            return ManifestParseResult.Failure(OciErrorCode.ManifestTooLarge, $"manifest exceeds {ManifestLimits.MaxSize} bytes");
        }
        if (content.IsEmpty)
        {
            return Invalid("manifest is empty");
        }
        try
        {
            var reader = new Utf8JsonReader(content, _readerOptions);
            using var document = JsonDocument.ParseValue(ref reader);
            // ParseValue reads one value; anything but whitespace after it makes Read() throw.
            if (reader.Read())
            {
                return Invalid("manifest has content after the JSON value");
            }
            return ParseRoot(document.RootElement, contentType);
        }
        catch (JsonException)
        {
            return Invalid("manifest is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString throws this for strings that are not valid UTF-8.
            return Invalid("manifest contains invalid UTF-8");
        }
    }

    private static ManifestParseResult ParseRoot(JsonElement root, string? contentType)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("manifest must be a JSON object");
        }
        var fields = Collect(root, _rootFields, out var duplicate);
        if (duplicate is not null)
        {
            return Invalid($"manifest has a duplicate '{duplicate}' field");
        }

        if (!fields.TryGetValue("schemaVersion", out var version))
        {
            return Invalid("schemaVersion is missing");
        }
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var versionNumber) || versionNumber != 2)
        {
            return Invalid("schemaVersion must be 2");
        }

        var mediaTypeError = ResolveMediaType(fields, contentType, out var mediaType);
        if (mediaTypeError is not null)
        {
            return Invalid(mediaTypeError);
        }
        var kind = ManifestMediaTypes.KindOf(mediaType!);

        if (ReadOptionalString(fields, "artifactType", out var artifactType) is { } artifactTypeError)
        {
            return Invalid(artifactTypeError);
        }
        if (ReadOptionalDescriptor(fields, "subject", out var subject) is { } subjectError)
        {
            return Invalid(subjectError);
        }
        if (ReadAnnotations(fields, "annotations", "manifest", out var annotations) is { } annotationsError)
        {
            return Invalid(annotationsError);
        }

        return kind == ManifestKind.Image
            ? ParseImage(fields, mediaType!, artifactType, subject, annotations)
            : ParseIndex(fields, mediaType!, artifactType, subject, annotations);
    }

    private static ManifestParseResult ParseImage(
        Dictionary<string, JsonElement> fields,
        string mediaType,
        string? artifactType,
        Descriptor? subject,
        IReadOnlyDictionary<string, string>? annotations)
    {
        if (!fields.TryGetValue("config", out var configElement))
        {
            return Invalid("config is missing");
        }
        if (ReadDescriptor(configElement, "config", out var config) is { } configError)
        {
            return Invalid(configError);
        }
        // layers may be empty (artifacts); a missing array is read as empty too.
        if (ReadDescriptorArray(fields, "layers", out var layers) is { } layersError)
        {
            return Invalid(layersError);
        }

        var required = new List<Digest>(layers.Count + 1) { config!.Digest };
        foreach (var layer in layers)
        {
            if (!ManifestMediaTypes.IsNonDistributable(layer.MediaType) && !required.Contains(layer.Digest))
            {
                required.Add(layer.Digest);
            }
        }

        return ManifestParseResult.Success(new ParsedManifest
        {
            MediaType = mediaType,
            Kind = ManifestKind.Image,
            Config = config,
            Layers = layers,
            Subject = subject,
            // Referrers spec: artifactType if present, else the config media type.
            ArtifactType = artifactType ?? config.MediaType,
            Annotations = annotations ?? new Dictionary<string, string>(),
            RequiredBlobs = required,
        });
    }

    private static ManifestParseResult ParseIndex(
        Dictionary<string, JsonElement> fields,
        string mediaType,
        string? artifactType,
        Descriptor? subject,
        IReadOnlyDictionary<string, string>? annotations)
    {
        if (!fields.ContainsKey("manifests"))
        {
            return Invalid("manifests is missing");
        }
        var error = ReadDescriptorArray(fields, "manifests", out var children);
        if (error is not null)
        {
            return Invalid(error);
        }
        return ManifestParseResult.Success(new ParsedManifest
        {
            MediaType = mediaType,
            Kind = ManifestKind.Index,
            Children = children,
            Subject = subject,
            ArtifactType = artifactType,
            Annotations = annotations ?? new Dictionary<string, string>(),
        });
    }

    /// <summary>
    /// The manifest's media type: the <c>mediaType</c> field, else the Content-Type, else inferred from the
    /// shape. Field and header must agree when both are present (CVE-2021-41190).
    /// </summary>
    private static string? ResolveMediaType(Dictionary<string, JsonElement> fields, string? contentType, out string? mediaType)
    {
        mediaType = null;
        var error = ReadOptionalString(fields, "mediaType", out var field);
        if (error is not null)
        {
            return error;
        }
        var header = ManifestMediaTypes.StripParameters(contentType);
        if (field is not null && header is not null && !string.Equals(field, header, StringComparison.OrdinalIgnoreCase))
        {
            return $"mediaType '{Truncate(field)}' does not match Content-Type '{Truncate(header)}'";
        }
        var declared = field ?? header;
        if (declared is null)
        {
            if (fields.ContainsKey("manifests"))
            {
                declared = ManifestMediaTypes.OciIndex;
            }
            else if (fields.ContainsKey("config") || fields.ContainsKey("layers"))
            {
                declared = ManifestMediaTypes.OciManifest;
            }
            else
            {
                return "manifest media type cannot be determined";
            }
        }
        mediaType = ManifestMediaTypes.Canonicalize(declared);
        return mediaType is null ? $"unsupported manifest media type '{Truncate(declared)}'" : null;
    }

    private static string? ReadDescriptorArray(Dictionary<string, JsonElement> fields, string name, out List<Descriptor> descriptors)
    {
        descriptors = [];
        if (!fields.TryGetValue(name, out var array))
        {
            return null;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            return $"{name} must be an array";
        }
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var error = ReadDescriptor(item, $"{name}[{index}]", out var descriptor);
            if (error is not null)
            {
                return error;
            }
            descriptors.Add(descriptor!);
            index++;
        }
        return null;
    }

    private static string? ReadOptionalDescriptor(Dictionary<string, JsonElement> fields, string name, out Descriptor? descriptor)
    {
        descriptor = null;
        return fields.TryGetValue(name, out var element) ? ReadDescriptor(element, name, out descriptor) : null;
    }

    private static string? ReadDescriptor(JsonElement element, string path, out Descriptor? descriptor)
    {
        descriptor = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"{path} must be a descriptor object";
        }
        var fields = Collect(element, _descriptorFields, out var duplicate);
        if (duplicate is not null)
        {
            return $"{path} has a duplicate '{duplicate}' field";
        }

        if (!fields.TryGetValue("mediaType", out var mediaTypeElement)
            || mediaTypeElement.ValueKind != JsonValueKind.String
            || mediaTypeElement.GetString() is not { Length: > 0 } mediaType)
        {
            return $"{path}.mediaType must be a non-empty string";
        }
        if (!fields.TryGetValue("digest", out var digestElement) || digestElement.ValueKind != JsonValueKind.String)
        {
            return $"{path}.digest must be a string";
        }
        if (!Digest.TryParse(digestElement.GetString(), out var digest, out var digestError))
        {
            return $"{path}.digest is invalid: {digestError}";
        }
        if (!fields.TryGetValue("size", out var sizeElement)
            || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out var size)
            || size < 0)
        {
            return $"{path}.size must be a non-negative integer";
        }
        if (ReadOptionalString(fields, "artifactType", out var artifactType, path) is { } artifactTypeError)
        {
            return artifactTypeError;
        }
        if (ReadAnnotations(fields, "annotations", path, out var annotations) is { } annotationsError)
        {
            return annotationsError;
        }
        descriptor = new Descriptor(mediaType, digest, size)
        {
            ArtifactType = artifactType,
            Annotations = annotations,
            Platform = element.TryGetProperty("platform", out var platform) ? ReadPlatform(platform) : null,
        };
        return null;
    }

    /// <summary>
    /// A descriptor's <c>platform</c>, read leniently: it is informational (the registry decides nothing by it),
    /// so a value of the wrong shape is ignored rather than refused, and a repeated key keeps its last value.
    /// </summary>
    private static Platform? ReadPlatform(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        return new Platform(Text(element, "os"), Text(element, "architecture"), Text(element, "variant"), Text(element, "os.version"));

        static string? Text(JsonElement platform, string name) =>
            platform.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                ? text
                : null;
    }

    /// <summary>An optional string field; empty strings read as absent.</summary>
    private static string? ReadOptionalString(Dictionary<string, JsonElement> fields, string name, out string? value, string? path = null)
    {
        value = null;
        if (!fields.TryGetValue(name, out var element))
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            return path is null ? $"{name} must be a string" : $"{path}.{name} must be a string";
        }
        var text = element.GetString();
        value = string.IsNullOrEmpty(text) ? null : text;
        return null;
    }

    private static string? ReadAnnotations(
        Dictionary<string, JsonElement> fields,
        string name,
        string path,
        out IReadOnlyDictionary<string, string>? annotations)
    {
        annotations = null;
        if (!fields.TryGetValue(name, out var element))
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"{path} annotations must be an object";
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return $"{path} annotation '{Truncate(property.Name)}' must be a string";
            }
            // Annotations are informational; a repeated key keeps its last value.
            map[property.Name] = property.Value.GetString()!;
        }
        annotations = map;
        return null;
    }

    /// <summary>The known fields of an object; <paramref name="duplicate"/> names a known field that appears twice.</summary>
    private static Dictionary<string, JsonElement> Collect(JsonElement obj, string[] known, out string? duplicate)
    {
        duplicate = null;
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) >= 0 && !fields.TryAdd(property.Name, property.Value))
            {
                duplicate = property.Name;
                return fields;
            }
        }
        return fields;
    }

    private static ManifestParseResult Invalid(string message) => ManifestParseResult.Failure(OciErrorCode.ManifestInvalid, message);

    private static string Truncate(string s) => s.Length <= 100 ? s : s[..100] + "…";
}
