using System.Text;
using Mcr.Infrastructure.Database;

namespace Mcr.Infrastructure.Tests.Database;

public sealed class DbTimeTests
{
    public static TheoryData<DateTimeOffset> Times =>
    [
        DateTimeOffset.MinValue,
        new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1),
        new DateTimeOffset(2025, 3, 1, 14, 30, 59, TimeSpan.FromHours(2.5)).AddTicks(9_999_999),
        DateTimeOffset.MaxValue,
    ];

    [Theory]
    [MemberData(nameof(Times))]
    public void ToDbUtf8_IsTheTextOfToDb_AndRoundTrips(DateTimeOffset time)
    {
        Span<byte> utf8 = stackalloc byte[DbTime.Utf8Length];
        DbTime.ToDbUtf8(time, utf8);

        var text = DbTime.ToDb(time);
        Assert.Equal(DbTime.Utf8Length, text.Length);
        Assert.Equal(text, Encoding.UTF8.GetString(utf8));
        Assert.Equal(time, DbTime.FromDb(text));
    }

    [Fact]
    public void ToDbUtf8_ShortDestination_Throws() =>
        Assert.Throws<ArgumentException>(() => DbTime.ToDbUtf8(DateTimeOffset.UnixEpoch, new byte[DbTime.Utf8Length - 1]));
}
