using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mcr.Core.Manifests;
using Mcr.Testing.Fuzzing;

namespace Mcr.Core.Tests.Fuzzing;

/// <summary>Valid image manifests and indexes, and mutations of them at the byte and the JSON-value level.</summary>
internal static class ManifestInputs
{
    private static readonly Gen<string> _descriptor =
        from digest in ValidInputs.Digest
        from size in Gen.Choose(0, 1_000_000)
        from mediaType in Gen.Elements("application/vnd.oci.image.layer.v1.tar+gzip", ManifestMediaTypes.OciImageConfig, "text/plain")
        select $$"""{"mediaType":"{{mediaType}}","digest":"{{digest}}","size":{{size}}}""";

    private static readonly Gen<string> _image =
        from config in _descriptor
        from layerCount in Gen.Choose(0, 4)
        from layers in Gen.ArrayOf(_descriptor, layerCount)
        from withMediaType in Gen.Elements(true, false)
        select $$"""{"schemaVersion":2,{{(withMediaType ? $"\"mediaType\":\"{ManifestMediaTypes.OciManifest}\"," : "")}}"config":{{config}},"layers":[{{string.Join(',', layers)}}]}""";

    private static readonly Gen<string> _index =
        from count in Gen.Choose(0, 3)
        from children in Gen.ArrayOf(_descriptor, count)
        select $$"""{"schemaVersion":2,"mediaType":"{{ManifestMediaTypes.OciIndex}}","manifests":[{{string.Join(',', children)}}]}""";

    /// <summary>A valid manifest and the content type a client would push it with.</summary>
    public static readonly Gen<(string Json, string ContentType)> Valid = Gen.OneOf(
        _image.Select(json => (json, ManifestMediaTypes.OciManifest)),
        _index.Select(json => (json, ManifestMediaTypes.OciIndex)));

    /// <summary>JSON values to put where a field's value was.</summary>
    private static readonly Gen<string> _jsonValue = Gen.Elements(
        "null", "true", "0", "-1", "2", "1e400", "99999999999999999999", "1.5", "\"\"", "\"sha256:abc\"", "[]", "{}",
        "[[[[[[[[[[]]]]]]]]]]", "\"\\ud800\"", "\"\\u0000\"", "\"" + new string('a', 5000) + "\"", "{\"digest\":null}");

    /// <summary>Mutated manifest bytes with some content type (or none).</summary>
    public static readonly Gen<(byte[] Body, string? ContentType)> Mutated =
        from valid in Valid
        from body in Gen.Frequency(
            (1, Gen.Constant(Encoding.UTF8.GetBytes(valid.Json))),
            (4, Mutations.OfBytes(Encoding.UTF8.GetBytes(valid.Json))),
            (3, ReplaceAValue(valid.Json).Select(Encoding.UTF8.GetBytes)),
            (1, Mutations.Of(valid.Json).Select(Encoding.UTF8.GetBytes)))
        from contentType in Gen.Elements<string?>(
            valid.ContentType, valid.ContentType, null, "", "application/json", ManifestMediaTypes.DockerManifest,
            ManifestMediaTypes.OciIndex, ManifestMediaTypes.OciManifest + "; charset=utf-8", "text/plain;;;=")
        select (body, contentType);

    /// <summary>The value after one of the <c>":</c> in the text replaced by another JSON value.</summary>
    private static Gen<string> ReplaceAValue(string json)
    {
        var starts = new List<int>();
        for (var i = json.IndexOf("\":", StringComparison.Ordinal); i >= 0; i = json.IndexOf("\":", i + 1, StringComparison.Ordinal))
        {
            starts.Add(i + 2);
        }
        return from start in Gen.Elements(starts.ToArray())
               from value in _jsonValue
               select json[..start] + value + json[ValueEnd(json, start)..];
    }

    // The end of the JSON value at start: a string, or up to the next ',' or closing bracket at depth 0.
    private static int ValueEnd(string json, int start)
    {
        if (json[start] == '"')
        {
            return json.IndexOf('"', start + 1) + 1;
        }
        var depth = 0;
        for (var i = start; i < json.Length; i++)
        {
            switch (json[i])
            {
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']' when depth == 0:
                    return i;
                case '}' or ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    return i;
            }
        }
        return json.Length;
    }
}
