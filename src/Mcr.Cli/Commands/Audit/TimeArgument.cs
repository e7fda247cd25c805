using System.Globalization;

namespace Mcr.Cli.Commands.Audit;

/// <summary><c>--since</c>/<c>--until</c>: an RFC 3339 time, or a duration before now (<c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>).</summary>
internal static class TimeArgument
{
    public static DateTimeOffset? Parse(string? text, string option, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time))
        {
            return time;
        }
        var unit = text[^1];
        if (long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 100_000)
        {
            TimeSpan? ago = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (ago is { } span)
            {
                return now - span;
            }
        }
        throw new UsageException($"{option} '{text}': give a time (2026-12-01T10:00:00Z) or a duration before now (90s, 15m, 2h, 7d)");
    }
}
