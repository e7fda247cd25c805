using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mcr.Infrastructure;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// Builds JSON Web Tokens by hand from a genuine one, so a test controls every byte: re-signed with any
/// ES256 key (the server's own key from its data directory, or a stranger's), tampered, or unsigned.
/// </summary>
public static class TestJwt
{
    /// <summary>The server's signing key, read from the file the embedded provider keeps in its data directory.</summary>
    public static ECDsa ServerKey(McrTestServer server)
    {
        var path = Path.Combine(InfrastructureServiceCollectionExtensions.DataDirectoryOf(server.Options), "token-signing.key");
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return key;
    }

    public static JsonObject Header(string token) => Decode(token.Split('.')[0]);

    public static JsonObject Payload(string token) => Decode(token.Split('.')[1]);

    /// <summary>A token with this header and payload, signed ES256 (IEEE P1363 r||s, as JWS requires).</summary>
    public static string Sign(JsonObject header, JsonObject payload, ECDsa key)
    {
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>The genuine token's claims with its lifetime moved to [now + from, now + until], re-signed with <paramref name="key"/>.</summary>
    public static string WithLifetime(string token, ECDsa key, TimeSpan from, TimeSpan until)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = Payload(token);
        payload["iat"] = (now + from).ToUnixTimeSeconds();
        payload["nbf"] = (now + from).ToUnixTimeSeconds();
        payload["exp"] = (now + until).ToUnixTimeSeconds();
        payload["jti"] = Guid.NewGuid().ToString("N");
        return Sign(Header(token), payload, key);
    }

    /// <summary>The header says <c>alg: none</c> and the signature is gone (the trailing dot stays, as RFC 7519 writes it).</summary>
    public static string AlgNone(string token)
    {
        var header = Header(token);
        header["alg"] = "none";
        return $"{Encode(header)}.{token.Split('.')[1]}.";
    }

    /// <summary>One byte of part <paramref name="part"/> (0 header, 1 payload, 2 signature) flipped in its decoded form.</summary>
    public static string FlipByte(string token, int part)
    {
        var parts = token.Split('.');
        var bytes = FromBase64Url(parts[part]);
        // A byte in the middle: for the payload that lands inside a claim value, so the JSON stays parseable
        // often enough that only the signature can catch the change.
        bytes[bytes.Length / 2] ^= 0x01;
        parts[part] = Base64Url(bytes);
        return string.Join('.', parts);
    }

    private static JsonObject Decode(string part) => JsonNode.Parse(FromBase64Url(part))!.AsObject();

    private static string Encode(JsonObject json)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            json.WriteTo(writer);
        }
        return Base64Url(buffer.ToArray());
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
