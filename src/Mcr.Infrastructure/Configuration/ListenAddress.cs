using System.Globalization;
using System.Net;

namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// Listen addresses as written in the config: <c>host:port</c>, <c>[ipv6]:port</c> or <c>:port</c>
/// (all interfaces). The port must be 0–65535; 0 picks a free port (tests, benchmarks).
/// </summary>
public static class ListenAddress
{
    /// <summary>
    /// Splits <paramref name="text"/> into host and port. <paramref name="host"/> is empty for
    /// <c>:port</c> (listen on every interface) and has no brackets for IPv6 (<c>[::1]:5000</c> → <c>::1</c>).
    /// </summary>
    public static bool TryParse(string? text, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() != text)
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        var hostPart = text[..colon];
        var portPart = text[(colon + 1)..];
        if (portPart.Length == 0 || !portPart.All(char.IsAsciiDigit) ||
            !int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 0 or > 65535)
        {
            return false;
        }

        if (hostPart.StartsWith('['))
        {
            // Bracketed IPv6 literal.
            if (!hostPart.EndsWith(']') || !IPAddress.TryParse(hostPart[1..^1], out var v6) ||
                v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            hostPart = hostPart[1..^1];
        }
        else if (hostPart.Length > 0 && !IsHostName(hostPart))
        {
            // Catches unbracketed IPv6 ("::1:80") and stray characters.
            return false;
        }

        host = hostPart;
        port = p;
        return true;
    }

    /// <summary>A DNS name or IPv4 literal: letters, digits, '-' and '.' in non-empty labels.</summary>
    private static bool IsHostName(string s)
    {
        if (s.Length > 253)
        {
            return false;
        }

        foreach (var label in s.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' ||
                !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
