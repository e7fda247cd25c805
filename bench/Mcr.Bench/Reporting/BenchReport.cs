namespace Mcr.Bench.Reporting;

/// <summary>All figures of one run, in the order they were first measured, plus notes on how they were taken.</summary>
internal sealed class BenchReport
{
    private readonly List<MetricRow> _rows = [];
    private readonly Dictionary<string, MetricRow> _byKey = new(StringComparer.Ordinal);

    /// <summary>Grouped by section (in order of each section's first figure), then in measurement order.</summary>
    public IReadOnlyList<MetricRow> Rows =>
        [.. _rows.Select((row, index) => (row, index))
            .GroupBy(x => x.row.Section, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(x => x.index))
            .Select(x => x.row)];

    /// <summary>Setup facts (machine, mode, auth, protocol) shown above the table and stored in the JSON.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public List<string> Notes { get; } = [];

    public void Set(string section, string metric, string unit, bool higherIsBetter, string target, double? value)
    {
        var key = $"{section}\u0000{metric}";
        if (!_byKey.TryGetValue(key, out var row))
        {
            row = new MetricRow(section, metric, unit, higherIsBetter);
            _byKey[key] = row;
            _rows.Add(row);
        }
        if (target == Targets.Mcr)
        {
            row.Mcr = value;
        }
        else
        {
            row.Distribution = value;
        }
    }

    public MetricRow? Find(string section, string metric) => _byKey.GetValueOrDefault($"{section}\u0000{metric}");
}
