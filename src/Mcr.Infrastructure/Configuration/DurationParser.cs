using System.Globalization;
using System.Text;

namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// Go-style durations as written in the config file: a sequence of <c>number unit</c> pairs such as
/// <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>1.5h</c>, <c>250ms</c>; a bare <c>0</c> means zero.
/// Units: <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>. Negative values are rejected (no timeout or TTL
/// in MCR can be negative).
/// </summary>
public static class DurationParser
{
    private const string Examples = "e.g. \"30s\", \"5m\", \"1h30m\", \"168h\"";

    /// <summary>Parses a duration or throws <see cref="FormatException"/> saying why.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>Parses a duration; on failure <paramref name="error"/> says why (without naming a key).</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = "";
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            error = $"empty duration ({Examples})";
            return false;
        }

        if (s[0] == '-')
        {
            error = $"\"{text}\" is negative; durations must be zero or positive";
            return false;
        }

        if (s == "0")
        {
            return true;
        }

        decimal totalTicks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var numberStart = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            var number = s[numberStart..unitStart];
            var unit = s[unitStart..i];
            if (number.Length == 0 || number[0] == '.' || number[^1] == '.' ||
                !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                error = $"\"{text}\" is not a valid duration ({Examples})";
                return false;
            }

            var unitTicks = unit switch
            {
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => 0L,
            };
            if (unitTicks == 0)
            {
                error = unit.Length == 0
                    ? $"\"{text}\" is missing a unit (ms, s, m or h; {Examples})"
                    : $"\"{text}\" has unknown unit \"{unit}\" (use ms, s, m or h; {Examples})";
                return false;
            }

            // decimal keeps "1.1h" exact; the bound checks keep the product and the sum from overflowing
            // either type (a decimal near its maximum times a unit's ticks would throw).
            if (amount > (decimal)TimeSpan.MaxValue.Ticks / unitTicks)
            {
                error = $"\"{text}\" is too large";
                return false;
            }

            totalTicks += amount * unitTicks;
            if (totalTicks > TimeSpan.MaxValue.Ticks)
            {
                error = $"\"{text}\" is too large";
                return false;
            }
        }

        value = TimeSpan.FromTicks((long)decimal.Round(totalTicks));
        return true;
    }

    /// <summary>Formats a duration so that <see cref="Parse"/> gives it back: <c>1h30m</c>, <c>45s</c>, <c>250ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Durations cannot be negative.");
        }

        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.FromSeconds(1) && value.Ticks % TimeSpan.TicksPerMillisecond == 0)
        {
            return $"{value.Ticks / TimeSpan.TicksPerMillisecond}ms";
        }

        var sb = new StringBuilder();
        var hours = value.Ticks / TimeSpan.TicksPerHour;
        var rest = value.Ticks % TimeSpan.TicksPerHour;
        if (hours > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        var minutes = rest / TimeSpan.TicksPerMinute;
        rest %= TimeSpan.TicksPerMinute;
        if (minutes > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        if (rest > 0)
        {
            var seconds = (decimal)rest / TimeSpan.TicksPerSecond;
            sb.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        }

        return sb.ToString();
    }
}
