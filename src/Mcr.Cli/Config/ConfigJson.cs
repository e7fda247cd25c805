using System.Text.Json.Serialization;

namespace Mcr.Cli.Config;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(SavedLogins))]
internal sealed partial class ConfigJson : JsonSerializerContext;
