using FsCheck;
using FsCheck.Fluent;
using Mcr.Infrastructure.Configuration;
using Mcr.Testing.Fuzzing;

namespace Mcr.Server.Tests.Fuzzing;

/// <summary>
/// <see cref="DurationParser.TryParse(string?, out TimeSpan, out string)"/> never throws (and
/// <see cref="DurationParser.Parse"/> only <see cref="FormatException"/>); an accepted duration is not
/// negative and survives <see cref="DurationParser.Format"/> and back.
/// </summary>
public sealed class DurationParserFuzzTests(ITestOutputHelper output)
{
    private static readonly Gen<string> _amount = Gen.Frequency(
        (5, Gen.Choose(0, 100_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Elements("1.5", "0.0000001", "0.00000005", "2562047", "2562048", "106751991167",
            "79228162514264337593543950335", "7922816251426433759354395033.5", "99999999999999999999999999999")));

    private static readonly Gen<string> _valid =
        from count in Gen.Choose(1, 3)
        from parts in Gen.ArrayOf(
            from amount in _amount
            from unit in Gen.Elements("ms", "s", "m", "h")
            select amount + unit, count)
        select string.Concat(parts);

    [Fact]
    public void TryParse_NeverThrows_AndAcceptedValuesRoundTrip() =>
        Fuzz.Check(nameof(DurationParserFuzzTests), Mutations.Mixed(_valid), 3000, output.WriteLine, text =>
        {
            if (DurationParser.TryParse(text, out var value, out var error))
            {
                Assert.True(value >= TimeSpan.Zero);
                Assert.Equal(value, DurationParser.Parse(DurationParser.Format(value)));
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
                Assert.Throws<FormatException>(() => DurationParser.Parse(text));
            }
        });

    [Theory]
    [InlineData("79228162514264337593543950335s")]
    [InlineData("7922816251426433759354395033.5ms")]
    [InlineData("65646s79228162514264337593543950335s")]
    public void TryParse_AmountNearTheDecimalMaximum_IsTooLarge(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Contains("too large", error, StringComparison.Ordinal);
    }
}
