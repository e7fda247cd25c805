using Mcr.Cli.Commands;
using Mcr.Cli.Commands.Audit;

namespace Mcr.Cli.Tests.Commands;

public sealed class TimeArgumentTests
{
    private static readonly DateTimeOffset _now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 15 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("7d", 7 * 86400)]
    public void Duration_IsBeforeNow(string text, int seconds) =>
        Assert.Equal(_now.AddSeconds(-seconds), TimeArgument.Parse(text, "--since", _now));

    [Fact]
    public void Rfc3339_IsTaken() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), TimeArgument.Parse("2026-11-30T08:00:00Z", "--since", _now));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("5w")]
    [InlineData("-5m")]
    public void Nonsense_IsAUsageError(string text)
    {
        var error = Assert.Throws<UsageException>(() => TimeArgument.Parse(text, "--since", _now));
        Assert.Contains($"--since '{text}'", error.Message, StringComparison.Ordinal);
    }
}
