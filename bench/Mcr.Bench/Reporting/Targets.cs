namespace Mcr.Bench.Reporting;

/// <summary>The names of the two registries, as they appear in the table and the JSON.</summary>
internal static class Targets
{
    public const string Mcr = "MCR";
    public const string Distribution = "distribution";
}
