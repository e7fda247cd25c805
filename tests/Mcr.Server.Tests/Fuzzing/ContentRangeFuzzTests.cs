using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Mcr.Server.Oci;
using Mcr.Testing.Fuzzing;

namespace Mcr.Server.Tests.Fuzzing;

/// <summary>
/// <see cref="ContentRange.TryParse"/> never throws; an accepted range has non-negative bounds whose
/// length cannot overflow, and prints back (in the OCI form) to the same range.
/// </summary>
public sealed class ContentRangeFuzzTests(ITestOutputHelper output)
{
    private static readonly Gen<long> _bound = Gen.Frequency(
        (4, Gen.Choose(0, 100_000).Select(i => (long)i)),
        (1, Gen.Elements(0L, 1L, int.MaxValue, uint.MaxValue, long.MaxValue - 1, long.MaxValue)));

    private static readonly Gen<string> _valid =
        from start in _bound
        from end in _bound
        from form in Gen.Elements("{0}-{1}", "bytes {0}-{1}/*", "bytes={0}-{1}", "bytes {0}-{1}/{2}", " {0}-{1} ")
        select string.Format(CultureInfo.InvariantCulture, form, start, end, end + 1 < 0 ? end : end + 1);

    [Fact]
    public void TryParse_AcceptedRangesAreSound() =>
        Fuzz.Check(nameof(ContentRangeFuzzTests), Mutations.Mixed(_valid), 3000, output.WriteLine, text =>
        {
            if (ContentRange.TryParse(text, out var range))
            {
                Assert.True(range.Start >= 0 && range.End >= 0 && range.End < long.MaxValue, $"{range}");
                Assert.Equal(range.End < range.Start, range.IsEmpty);
                Assert.True(ContentRange.TryParse($"{range.Start}-{range.End}", out var again));
                Assert.Equal(range, again);
            }
        });
}
