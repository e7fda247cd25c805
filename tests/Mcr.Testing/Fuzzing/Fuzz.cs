using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace Mcr.Testing.Fuzzing;

/// <summary>
/// Runs a property over a deterministic list of generated cases: the list depends only on the seed
/// and the count, so a fixed seed replays exactly. Every case runs (failures are collected, not
/// stopped at), and the figures (cases, seed, duration) go to <c>log</c>.
/// </summary>
public static class Fuzz
{
    /// <summary>FsCheck's size: how long generated lists and strings grow.</summary>
    private const int Size = 60;

    private const int FailuresShown = 15;

    /// <summary>The cases a run with <paramref name="settings"/> checks.</summary>
    public static IReadOnlyList<T> Cases<T>(Gen<T> generator, FuzzSettings settings) =>
        Gen.Sample(generator, settings.Count, new Rnd(settings.Seed), Size);

    public static void Check<T>(string name, Gen<T> generator, int defaultCount, Action<string> log, Action<T> property,
        Func<T, string>? describe = null) =>
        CheckAsync(name, generator, defaultCount, log, value =>
        {
            property(value);
            return Task.CompletedTask;
        }, describe).GetAwaiter().GetResult();

    /// <summary>Checks <paramref name="property"/> (which throws to fail) on every generated case.</summary>
    public static async Task CheckAsync<T>(string name, Gen<T> generator, int defaultCount, Action<string> log, Func<T, Task> property,
        Func<T, string>? describe = null)
    {
        var settings = FuzzSettings.For(defaultCount);
        var stopwatch = Stopwatch.StartNew();
        var cases = Cases(generator, settings);
        var failures = new List<string>();
        var index = 0;
        foreach (var value in cases)
        {
            try
            {
                await property(value);
            }
#pragma warning disable CA1031 // every failure of the property is a finding to report, whatever its type
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add($"case {index}: {(describe ?? Describe)(value)}\n  -> {ex.GetType().Name}: {ex.Message}" +
                    (ex.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : ""));
            }
            index++;
        }
        log($"fuzz {name}: {cases.Count} cases, seed {settings.Seed}{(settings.IsLong ? " (long run)" : "")}, " +
            $"{stopwatch.Elapsed.TotalSeconds:F2} s, {failures.Count} failures");
        if (failures.Count > 0)
        {
            throw new FuzzFailedException(
                $"{failures.Count} of {cases.Count} cases failed (replay with {settings.ReplayHint}):\n" +
                string.Join('\n', failures.Take(FailuresShown)));
        }
    }

    /// <summary>A printable form of a case: control and non-ASCII characters escaped, long values cut.</summary>
    public static string Describe<T>(T value) => Printable(value?.ToString() ?? "null");

    public static string Printable(string text)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in text.Length > 300 ? text[..300] : text)
        {
            builder.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}");
        }
        return (text.Length > 300 ? $"({text.Length} chars) " : "") + "\"" + builder + "\"";
    }
}
