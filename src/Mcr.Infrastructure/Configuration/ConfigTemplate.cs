using System.Globalization;
using System.Text;

namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// Renders options as an annotated TOML file (every section and key, each with a one-line comment,
/// required keys marked) that <see cref="ConfigLoader.Load"/> reads back to the same values. Used by
/// <c>mcrsrv init</c> and for the examples under deploy/.
/// </summary>
public static class ConfigTemplate
{
    public static string Render(McrOptions options)
    {
        var sb = new StringBuilder();
        sb.Append("# MCR configuration (TOML). Every key can be overridden by an environment variable\n")
          .Append("# MCR_<SECTION>_<KEY>, e.g. MCR_SERVER_LISTEN_ADDR. Durations: \"30s\", \"5m\", \"1h30m\".\n")
          .Append("# Relative paths are resolved against this file's directory.\n");
        foreach (var (section, description) in ConfigKeys.Sections)
        {
            sb.Append('\n').Append("# ").Append(description).Append('\n')
              .Append('[').Append(section).Append("]\n");
            foreach (var key in ConfigKeys.All.Where(k => k.Section == section))
            {
                sb.Append("# ").Append(key.Required ? "REQUIRED. " : "").Append(key.Description).Append('\n')
                  .Append(key.Name).Append(" = ").Append(FormatValue(key.Get(options))).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string FormatValue(object value) => value switch
    {
        string s => Quote(s),
        TimeSpan t => Quote(DurationParser.Format(t)),
        List<string> list => "[" + string.Join(", ", list.Select(Quote)) + "]",
        _ => throw new InvalidOperationException($"Unhandled value type {value.GetType()}."),
    };

    /// <summary>A TOML basic string with the escapes TOML requires.</summary>
    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '\u007f':
                    sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"').ToString();
    }
}
