using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Mcr.Server.Auth;

/// <summary>Parses an <c>Authorization: Basic</c> or <c>Bearer</c> header value.</summary>
public static class BasicCredentials
{
    public static bool TryParse(string? header, [NotNullWhen(true)] out string? username, [NotNullWhen(true)] out string? password)
    {
        username = null;
        password = null;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        username = decoded[..colon];
        password = decoded[(colon + 1)..];
        return password.Length > 0;
    }

    public static bool TryParseBearer(string? header, [NotNullWhen(true)] out string? token)
    {
        token = TryParseBearer(header, out ReadOnlyMemory<char> memory) ? memory.ToString() : null;
        return token is not null;
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, as a slice of the header (no copy).</summary>
    public static bool TryParseBearer(string? header, out ReadOnlyMemory<char> token)
    {
        token = default;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        token = header.AsMemory("Bearer ".Length..).Trim();
        return token.Length > 0;
    }
}
