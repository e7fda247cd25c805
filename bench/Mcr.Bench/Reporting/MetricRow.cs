namespace Mcr.Bench.Reporting;

/// <summary>One measured figure for both registries. Null means not measured (n/a).</summary>
internal sealed class MetricRow(string section, string metric, string unit, bool higherIsBetter)
{
    public string Section => section;

    public string Metric => metric;

    public string Unit => unit;

    public bool HigherIsBetter => higherIsBetter;

    public double? Mcr { get; set; }

    public double? Distribution { get; set; }

    /// <summary>MCR divided by distribution, whatever the direction; null when either is missing.</summary>
    public double? Ratio => Mcr is { } m && Distribution is { } d && d != 0 && !double.IsNaN(m) && !double.IsNaN(d) ? m / d : null;
}
