using System.Globalization;

namespace Mcr.Server.Oci;

/// <summary>
/// The inclusive byte range of an upload chunk, from the request's <c>Content-Range</c> header.
/// The OCI form is <c>&lt;start&gt;-&lt;end&gt;</c> (<c>^[0-9]+-[0-9]+$</c>); the RFC 9110 form
/// <c>bytes &lt;start&gt;-&lt;end&gt;/&lt;total|*&gt;</c> is tolerated because some clients send it.
/// A parsed range may still have <see cref="End"/> &lt; <see cref="Start"/>: that is a well-formed but
/// unsatisfiable range (416), not a malformed header (400).
/// </summary>
internal readonly record struct ContentRange(long Start, long End)
{
    /// <summary>Number of bytes the range covers (0 or negative when End &lt; Start).</summary>
    public long Length => End - Start + 1;

    public bool IsEmpty => End < Start;

    public static bool TryParse(string? value, out ContentRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var text = value.AsSpan().Trim();
        if (text.StartsWith("bytes", StringComparison.OrdinalIgnoreCase))
        {
            text = text["bytes".Length..];
            if (text.IsEmpty || (text[0] != ' ' && text[0] != '='))
            {
                return false;
            }
            text = text[1..].TrimStart();
        }
        var slash = text.IndexOf('/');
        if (slash >= 0)
        {
            var total = text[(slash + 1)..];
            if (!total.SequenceEqual("*") && !TryParseNumber(total, out _))
            {
                return false;
            }
            text = text[..slash];
        }
        var dash = text.IndexOf('-');
        if (dash <= 0
            || !TryParseNumber(text[..dash], out var start)
            || !TryParseNumber(text[(dash + 1)..], out var end)
            || end == long.MaxValue)
        {
            // end == MaxValue would overflow Length; no real upload is that large.
            return false;
        }
        range = new ContentRange(start, end);
        return true;
    }

    // Digits only: no sign, no whitespace, no thousands separators.
    private static bool TryParseNumber(ReadOnlySpan<char> digits, out long number) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number);
}
