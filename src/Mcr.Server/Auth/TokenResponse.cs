using System.Text.Json.Serialization;

namespace Mcr.Server.Auth;

/// <summary>The token endpoint's answer; <c>access_token</c> duplicates <c>token</c> for OAuth2 clients.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("issued_at")] DateTimeOffset IssuedAt);
