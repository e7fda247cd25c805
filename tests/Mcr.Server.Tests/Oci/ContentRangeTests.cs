using Mcr.Server.Oci;

namespace Mcr.Server.Tests.Oci;

public sealed class ContentRangeTests
{
    [Theory]
    [InlineData("0-0", 0, 0)]
    [InlineData("0-99", 0, 99)]
    [InlineData("100-199", 100, 199)]
    [InlineData("bytes 0-9/10", 0, 9)]
    [InlineData("bytes=5-9", 5, 9)]
    [InlineData("BYTES 5-9/*", 5, 9)]
    [InlineData(" 1-2 ", 1, 2)]
    [InlineData("5-2", 5, 2)]
    public void TryParse_WellFormed_ReturnsRange(string header, long start, long end)
    {
        Assert.True(ContentRange.TryParse(header, out var range));
        Assert.Equal(new ContentRange(start, end), range);
        Assert.Equal(end < start, range.IsEmpty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1-3")]
    [InlineData("1-")]
    [InlineData("-5")]
    [InlineData("-")]
    [InlineData("0--1")]
    [InlineData("+1-2")]
    [InlineData("0 - 2")]
    [InlineData("0-2,3-4")]
    [InlineData("bytes")]
    [InlineData("bytes0-2")]
    [InlineData("bytes 0-2/x")]
    [InlineData("0x10-0x20")]
    [InlineData("99999999999999999999-1")]
    [InlineData("0-9223372036854775807")]
    public void TryParse_Malformed_ReturnsFalse(string? header)
    {
        Assert.False(ContentRange.TryParse(header, out _));
    }
}
