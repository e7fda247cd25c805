using System.Globalization;

namespace Mcr.Infrastructure.Database;

/// <summary>
/// The one timestamp format stored in the database: UTC, fixed width, so text order is time order
/// and range filters can compare strings.
/// </summary>
public static class DbTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The length of every stored timestamp, in characters and in UTF-8 bytes.</summary>
    public const int Utf8Length = 28;

    public static string ToDb(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The same text as <see cref="ToDb"/>, written as UTF-8 into <paramref name="destination"/> (at least <see cref="Utf8Length"/> bytes).</summary>
    public static void ToDbUtf8(DateTimeOffset value, Span<byte> destination)
    {
        if (!value.UtcDateTime.TryFormat(destination, out var written, Format, CultureInfo.InvariantCulture) || written != Utf8Length)
        {
            throw new ArgumentException($"a timestamp takes {Utf8Length} bytes", nameof(destination));
        }
    }

    public static DateTimeOffset FromDb(string value) =>
        DateTimeOffset.ParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
