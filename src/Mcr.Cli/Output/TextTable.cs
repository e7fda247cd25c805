using System.Text;

namespace Mcr.Cli.Output;

/// <summary>
/// A table in the style of docker and kubectl: a header row, columns aligned with two spaces between them, no boxes,
/// no wrapping. A row stays one line, so grep, awk and cut read it, and a long value (a details column) never
/// squeezes the others. (Spectre's table wraps cells to fit a width, which breaks that.)
/// </summary>
internal sealed class TextTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    /// <summary>Adds a row; null cells print as <c>-</c>. Control characters in server text are made visible.</summary>
    public TextTable Add(params string?[] cells)
    {
        _rows.Add([.. cells.Select(c => Clean(c ?? "-"))]);
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = columns.Select((c, i) => Math.Max(c.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        WriteRow(writer, columns, widths);
        foreach (var row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Length ? cells[i] : "";
            line.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
        }
        writer.WriteLine(line.ToString().TrimEnd());
    }

    private static string Clean(string text) =>
        text.Any(char.IsControl) ? new string([.. text.Select(ch => char.IsControl(ch) ? '?' : ch)]) : text;
}
