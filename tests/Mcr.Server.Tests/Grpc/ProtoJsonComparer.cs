using System.Collections;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Mcr.Server.Tests.Grpc;

/// <summary>
/// Compares a gRPC answer with the REST body for the same request, field by field through the message's
/// descriptor: the same names, the same values. Absent REST values (null) equal proto defaults ("" or unset);
/// sub-messages REST inlines (a listing's <c>page</c>, a repository's <c>summary</c>) are read at the body's level.
/// </summary>
public static class ProtoJsonComparer
{
    private static readonly HashSet<string> _inlined = ["page", "summary"];

    public static void AssertSame(IMessage message, JsonElement json, string path = "$")
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (_inlined.Contains(field.Name) && field.FieldType == FieldType.Message && !json.TryGetProperty(field.Name, out _))
            {
                AssertSame((IMessage)value, json, $"{path}.{field.Name}");
                continue;
            }
            Assert.True(json.TryGetProperty(field.Name, out var element), $"{path}: REST has no '{field.Name}'");
            var unset = field.HasPresence && !field.Accessor.HasValue(message);
            AssertValue(field, unset ? null : value, element, $"{path}.{field.Name}");
        }
    }

    private static void AssertValue(FieldDescriptor field, object? value, JsonElement json, string path)
    {
        if (field.IsMap)
        {
            var map = ((IEnumerable<KeyValuePair<string, string>>)value!).ToDictionary(e => e.Key, e => e.Value);
            var rest = json.ValueKind == JsonValueKind.Null ? [] : json.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            Assert.True(map.Count == rest.Count && map.All(pair => rest.GetValueOrDefault(pair.Key) == pair.Value), $"{path}: maps differ");
            return;
        }
        if (field.IsRepeated)
        {
            var items = ((IList)value!).Cast<object>().ToList();
            var elements = json.ValueKind == JsonValueKind.Null ? [] : json.EnumerateArray().ToList();
            Assert.True(items.Count == elements.Count, $"{path}: {items.Count} items over gRPC, {elements.Count} over REST");
            for (var i = 0; i < items.Count; i++)
            {
                AssertSingle(field, items[i], elements[i], $"{path}[{i}]");
            }
            return;
        }
        AssertSingle(field, value, json, path);
    }

    private static void AssertSingle(FieldDescriptor field, object? value, JsonElement json, string path)
    {
        if (value is null)
        {
            Assert.True(json.ValueKind == JsonValueKind.Null, $"{path}: unset over gRPC, {json} over REST");
            return;
        }
        switch (field.FieldType)
        {
            case FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName:
                var time = ((Timestamp)value).ToDateTimeOffset();
                Assert.True(json.ValueKind == JsonValueKind.String, $"{path}: {json} over REST");
                Assert.True((time - json.GetDateTimeOffset()).Duration() < TimeSpan.FromMilliseconds(1), $"{path}: {time:O} over gRPC, {json} over REST");
                break;
            case FieldType.Message:
                AssertSame((IMessage)value, json, path);
                break;
            case FieldType.String:
                var text = (string)value;
                Assert.True(json.ValueKind == JsonValueKind.Null ? text.Length == 0 : json.GetString() == text,
                    $"{path}: '{text}' over gRPC, {json} over REST");
                break;
            case FieldType.Bool:
                Assert.True(json.GetBoolean() == (bool)value, $"{path}: {value} over gRPC, {json} over REST");
                break;
            default:
                Assert.True(json.GetInt64() == Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
                    $"{path}: {value} over gRPC, {json} over REST");
                break;
        }
    }
}
