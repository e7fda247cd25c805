using System.Text.Json.Serialization;

namespace Mcr.Infrastructure.Identity.Mcias;

// The MCIAS wire contract (SPEC §4). Field names are MCIAS's snake_case.

internal sealed record MciasLoginRequest(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);

internal sealed record MciasLoginResponse(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("expires_at")] string? ExpiresAt);

internal sealed record MciasTokenRequest([property: JsonPropertyName("token")] string Token);

internal sealed record MciasValidateResponse(
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("sub")] string? Subject,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("account_type")] string? AccountType,
    [property: JsonPropertyName("roles")] IReadOnlyList<string>? Roles,
    [property: JsonPropertyName("expires_at")] string? ExpiresAt);

internal sealed record MciasError([property: JsonPropertyName("error")] string? Error);

[JsonSerializable(typeof(MciasLoginRequest))]
[JsonSerializable(typeof(MciasLoginResponse))]
[JsonSerializable(typeof(MciasTokenRequest))]
[JsonSerializable(typeof(MciasValidateResponse))]
[JsonSerializable(typeof(MciasError))]
internal sealed partial class MciasJsonContext : JsonSerializerContext;
