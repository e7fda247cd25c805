using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Mcr.Server.Tests.Observability;

/// <summary>One scrape of <c>/metrics</c>: the text, and the value of a series picked by name and labels.</summary>
public sealed partial class PrometheusScrape(string text)
{
    public string Text { get; } = text;

    /// <summary>
    /// GETs <c>/metrics</c> until <paramref name="until"/> holds or five seconds pass (the exporter answers
    /// from a cache of its last scrape for a moment), and returns the last scrape.
    /// </summary>
    public static async Task<PrometheusScrape> ScrapeAsync(HttpClient client, Func<PrometheusScrape, bool>? until = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            using var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var scrape = new PrometheusScrape(await response.Content.ReadAsStringAsync());
            if (until is null || until(scrape) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The sum of the series named <paramref name="name"/> that carry every label given; 0 when none does.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var sum = 0.0;
        foreach (var line in Text.Split('\n'))
        {
            var match = SeriesLine().Match(line);
            if (!match.Success || match.Groups["name"].Value != name)
            {
                continue;
            }
            var present = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (labels.All(l => present.TryGetValue(l.Label, out var value) && value == l.Value))
            {
                sum += double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)")]
    private static partial Regex SeriesLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
