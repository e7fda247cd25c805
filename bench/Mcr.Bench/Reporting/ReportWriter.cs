using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Mcr.Bench.Reporting;

/// <summary>The report as a console table and as JSON with the same numbers.</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions _json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteTable(IAnsiConsole console, BenchReport report)
    {
        var facts = new Grid().AddColumn().AddColumn();
        foreach (var (key, value) in report.Environment)
        {
            facts.AddRow(new Text(key, new Style(decoration: Decoration.Bold)), new Text(value));
        }
        console.Write(facts);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Metric")
            .AddColumn("Unit")
            .AddColumn(new TableColumn(Targets.Mcr).RightAligned())
            .AddColumn(new TableColumn(Targets.Distribution).RightAligned())
            .AddColumn(new TableColumn("MCR/distribution").RightAligned())
            .AddColumn("Better");
        string? section = null;
        foreach (var row in report.Rows)
        {
            if (row.Section != section)
            {
                section = row.Section;
                table.AddRow(new Markup($"[bold]{Markup.Escape(section)}[/]"));
            }
            table.AddRow(
                Markup.Escape("  " + row.Metric),
                Markup.Escape(row.Unit),
                Format(row.Mcr),
                Format(row.Distribution),
                row.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "n/a",
                row.HigherIsBetter ? "higher" : "lower");
        }
        console.Write(table);
        foreach (var note in report.Notes)
        {
            console.MarkupLineInterpolated($"[grey]* {note}[/]");
        }
    }

    public static async Task WriteJsonAsync(string path, BenchReport report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var document = new
        {
            Environment = report.Environment,
            Notes = report.Notes,
            Results = report.Rows.Select(r => new
            {
                r.Section,
                r.Metric,
                r.Unit,
                r.HigherIsBetter,
                Mcr = Round(r.Mcr),
                Distribution = Round(r.Distribution),
                McrOverDistribution = Round(r.Ratio),
            }),
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, _json));
    }

    private static string Format(double? value) => value switch
    {
        null => "n/a",
        { } v when double.IsNaN(v) => "n/a",
        { } v when Math.Abs(v) >= 100 => v.ToString("#,0", CultureInfo.InvariantCulture),
        { } v when Math.Abs(v) >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.00", CultureInfo.InvariantCulture),
    };

    private static double? Round(double? value) => value is { } v && !double.IsNaN(v) ? Math.Round(v, 3) : null;
}
