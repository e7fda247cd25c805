using Tomlyn.Model;

namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// Turns a TOML value or an environment variable's text into the typed value a <see cref="ConfigKey"/>
/// holds. Errors name <c>source</c> (the TOML key or the variable) so the operator knows where to look.
/// </summary>
internal static class ConfigValueReader
{
    public static bool TryFromToml(ConfigKey key, object? value, out object result, out string error)
    {
        result = "";
        error = "";
        var source = key.FullName;
        switch (key.Kind)
        {
            case ConfigValueKind.Text or ConfigValueKind.Path:
                if (value is string s)
                {
                    return TryText(key, source, s, out result, out error);
                }

                error = $"{source} must be a string, not {Describe(value)}";
                return false;

            case ConfigValueKind.Duration:
                // A bare 0 is unambiguous; any other number would need a unit.
                if (value is long and 0)
                {
                    result = TimeSpan.Zero;
                    return true;
                }

                if (value is string d)
                {
                    return TryDuration(source, d, out result, out error);
                }

                error = $"{source} must be a duration string such as \"30s\" or \"1h30m\", not {Describe(value)}";
                return false;

            case ConfigValueKind.List:
                if (value is TomlArray array && array.All(item => item is string))
                {
                    result = array.Cast<string>().ToList();
                    return true;
                }

                error = value is TomlArray
                    ? $"{source} must contain only strings"
                    : $"{source} must be an array of strings, e.g. [\"a\", \"b\"], not {Describe(value)}";
                return false;

            default:
                throw new InvalidOperationException($"Unhandled kind {key.Kind}.");
        }
    }

    public static bool TryFromText(ConfigKey key, string source, string text, out object result, out string error)
    {
        error = "";
        switch (key.Kind)
        {
            case ConfigValueKind.Text or ConfigValueKind.Path:
                return TryText(key, source, text, out result, out error);
            case ConfigValueKind.Duration:
                return TryDuration(source, text, out result, out error);
            case ConfigValueKind.List:
                result = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
                return true;
            default:
                throw new InvalidOperationException($"Unhandled kind {key.Kind}.");
        }
    }

    // No file system takes a NUL in a path (Path.GetFullPath throws on one), so it is refused here, with the key named.
    private static bool TryText(ConfigKey key, string source, string text, out object result, out string error)
    {
        if (key.Kind == ConfigValueKind.Path && text.Contains('\0', StringComparison.Ordinal))
        {
            result = "";
            error = $"{source} must not contain a NUL character";
            return false;
        }

        result = text;
        error = "";
        return true;
    }

    private static bool TryDuration(string source, string text, out object result, out string error)
    {
        if (DurationParser.TryParse(text, out var duration, out var reason))
        {
            result = duration;
            error = "";
            return true;
        }

        result = TimeSpan.Zero;
        error = $"{source}: {reason}";
        return false;
    }

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string => "a string",
        long or double => FormattableString.Invariant($"the number {value}"),
        bool b => b ? "true" : "false",
        TomlArray => "an array",
        TomlTable => "a table",
        TomlTableArray => "an array of tables",
        _ => $"a {value.GetType().Name}",
    };
}
