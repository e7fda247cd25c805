using System.Text.Json;
using System.Text.Json.Serialization;
using Mcr.Server.Auth;
using Mcr.Server.Errors;
using Mcr.Server.Health;

namespace Mcr.Server;

/// <summary>Source-generated JSON for every body the server writes (no reflection on hot paths).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OciErrorBody))]
[JsonSerializable(typeof(AdminErrorBody))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class McrJsonContext : JsonSerializerContext;
