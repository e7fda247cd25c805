using Mcr.Infrastructure.Configuration;

namespace Mcr.Infrastructure.Tests.Configuration;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("168h", 168 * 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h30m15s", 5415)]
    [InlineData("1.5h", 5400)]
    [InlineData("0s", 0)]
    [InlineData("0", 0)]
    [InlineData(" 10s ", 10)]
    public void Parse_ValidText_ReturnsDuration(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationParser.Parse(text));
    }

    [Fact]
    public void Parse_Milliseconds_ReturnsDuration()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(250), DurationParser.Parse("250ms"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-5s")]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("5x")]
    [InlineData("5d")]
    [InlineData("1h 30m")]
    [InlineData("1.s")]
    [InlineData(".5s")]
    [InlineData("1.2.3s")]
    [InlineData("abc")]
    [InlineData("+5s")]
    [InlineData("99999999999999999h")]
    public void TryParse_Garbage_ReturnsFalseWithReason(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(DurationParser.TryParse(null, out _));
    }

    [Fact]
    public void Parse_Negative_ThrowsFormatExceptionSayingNegative()
    {
        var ex = Assert.Throws<FormatException>(() => DurationParser.Parse("-1h"));
        Assert.Contains("negative", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(30, "30s")]
    [InlineData(300, "5m")]
    [InlineData(5400, "1h30m")]
    [InlineData(168 * 3600, "168h")]
    [InlineData(3601, "1h1s")]
    public void Format_Seconds_ReturnsCanonicalText(int seconds, string expected)
    {
        Assert.Equal(expected, DurationParser.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(250)]
    [InlineData(1500)]
    [InlineData(3_723_004)]
    public void Format_ThenParse_RoundTrips(int milliseconds)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);
        Assert.Equal(value, DurationParser.Parse(DurationParser.Format(value)));
    }

    [Fact]
    public void Format_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationParser.Format(TimeSpan.FromSeconds(-1)));
    }
}
