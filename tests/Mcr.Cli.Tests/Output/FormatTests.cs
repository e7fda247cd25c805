using Mcr.Cli.Output;

namespace Mcr.Cli.Tests.Output;

public sealed class FormatTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(10 * 1024 * 1024 + 300 * 1024, "10.3 MiB")]
    [InlineData(2 * 1024 * 1024 + 300 * 1024, "2.29 MiB")]
    [InlineData(150L * 1024 * 1024, "150 MiB")]
    [InlineData(5L * 1024 * 1024 * 1024 * 1024, "5 TiB")]
    public void Size_IsBinaryWithThreeDigits(long bytes, string expected) => Assert.Equal(expected, Format.Size(bytes));

    [Fact]
    public void Time_IsLocal_ToTheSecond()
    {
        var time = new DateTimeOffset(2026, 12, 1, 14, 3, 27, 500, TimeSpan.Zero);
        Assert.Equal(time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), Format.Time(time));
        Assert.Equal("-", Format.Time((DateTimeOffset?)null));
    }

    [Theory]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "sha256:0123456789ab")]
    [InlineData("sha256:0123", "sha256:0123")]
    [InlineData(null, "-")]
    public void ShortDigest_KeepsTwelveHexDigits(string? digest, string expected) => Assert.Equal(expected, Format.ShortDigest(digest));

    [Theory]
    [InlineData(null, "-")]
    [InlineData(42L, "42 ms")]
    [InlineData(3200L, "3.2 s")]
    [InlineData(125_000L, "2m05s")]
    public void Duration_ReadsLikeAPerson(long? milliseconds, string expected) => Assert.Equal(expected, Format.Duration(milliseconds));
}
