using System.Globalization;
using System.Security.Cryptography;

namespace Mcr.Testing.Fuzzing;

/// <summary>
/// The fuzz suites' knobs, read from the environment. By default a fixed seed and each suite's own
/// bounded count, so CI runs the same cases every time; <c>MCR_FUZZ_LONG=1</c> runs
/// <see cref="LongFactor"/> times as many cases with a random seed (printed, so a failure can be
/// replayed with <c>MCR_FUZZ_SEED</c>); <c>MCR_FUZZ_COUNT</c> sets the count outright.
/// </summary>
public sealed record FuzzSettings(ulong Seed, int Count, bool IsLong)
{
    public const ulong DefaultSeed = 0x4D4352_46555A5A; // "MCR" "FUZZ"

    public const int LongFactor = 100;

    public const string LongVariable = "MCR_FUZZ_LONG";

    public const string SeedVariable = "MCR_FUZZ_SEED";

    public const string CountVariable = "MCR_FUZZ_COUNT";

    /// <summary>The settings for a suite whose CI run is <paramref name="defaultCount"/> cases.</summary>
    public static FuzzSettings For(int defaultCount)
    {
        var isLong = Environment.GetEnvironmentVariable(LongVariable) is "1" or "true";
        var seed = ReadSeed() ?? (isLong ? RandomSeed() : DefaultSeed);
        var count = ReadCount() ?? (isLong ? defaultCount * LongFactor : defaultCount);
        return new FuzzSettings(seed, count, isLong);
    }

    /// <summary>How to run exactly these cases again.</summary>
    public string ReplayHint => $"{SeedVariable}={Seed} {CountVariable}={Count}";

    private static ulong? ReadSeed() =>
        ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed : null;

    private static int? ReadCount() =>
        int.TryParse(Environment.GetEnvironmentVariable(CountVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count : null;

    private static ulong RandomSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
}
