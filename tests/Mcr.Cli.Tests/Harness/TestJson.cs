using System.Text.Json.Serialization;

namespace Mcr.Cli.Tests.Harness;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestJson : JsonSerializerContext;
