using System.Globalization;

namespace Mcr.Cli.Output;

/// <summary>How tables show values to people: binary sizes, local times, short digests. <c>--json</c> shows them raw.</summary>
internal static class Format
{
    private static readonly string[] _units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary><c>512 B</c>, <c>1.5 KiB</c>, <c>12.3 MiB</c>, <c>1.02 GiB</c>: three significant digits.</summary>
    public static string Size(long bytes)
    {
        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        }
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < _units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var pattern = value >= 100 ? "0" : value >= 10 ? "0.#" : "0.##";
        return $"{value.ToString(pattern, CultureInfo.InvariantCulture)} {_units[unit]}";
    }

    /// <summary>The machine's local time, to the second: <c>2026-12-01 14:03:27</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time) => time is { } value ? Time(value) : "-";

    /// <summary><c>sha256:0123456789ab</c>: enough to tell manifests apart in a table (docker shows as many).</summary>
    public static string ShortDigest(string? digest)
    {
        if (string.IsNullOrEmpty(digest))
        {
            return "-";
        }
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && digest.Length > colon + 13 ? digest[..(colon + 13)] : digest;
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string List(IEnumerable<string>? values, string empty = "*")
    {
        var text = values is null ? "" : string.Join(",", values);
        return text.Length == 0 ? empty : text;
    }

    /// <summary>A duration in milliseconds as people read it: <c>42 ms</c>, <c>3.2 s</c>, <c>2m05s</c>.</summary>
    public static string Duration(long? milliseconds)
    {
        if (milliseconds is not { } ms)
        {
            return "-";
        }
        if (ms < 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{ms} ms");
        }
        var span = TimeSpan.FromMilliseconds(ms);
        return span.TotalMinutes < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s");
    }
}
