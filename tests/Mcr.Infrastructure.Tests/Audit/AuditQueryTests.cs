using Mcr.Infrastructure.Audit;

namespace Mcr.Infrastructure.Tests.Audit;

public sealed class AuditQueryTests
{
    [Fact]
    public void Validate_Defaults_Valid()
    {
        var query = new AuditQuery();
        Assert.Empty(query.Validate());
        Assert.Equal(50, query.N);
        Assert.Equal(0, query.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Validate_NOutOfRange_Error(int n) => Assert.Single(new AuditQuery { N = n }.Validate());

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Validate_NAtBounds_Valid(int n) => Assert.Empty(new AuditQuery { N = n }.Validate());

    [Fact]
    public void Validate_NegativeOffset_Error() => Assert.Single(new AuditQuery { Offset = -1 }.Validate());

    [Fact]
    public void Validate_UnknownEventType_Error() => Assert.Single(new AuditQuery { EventType = "manifest_stolen" }.Validate());

    [Fact]
    public void Validate_InvalidRepositoryName_Error() => Assert.Single(new AuditQuery { Repository = "../etc" }.Validate());

    [Fact]
    public void Validate_SinceNotBeforeUntil_Error()
    {
        var t = DateTimeOffset.UnixEpoch;
        Assert.Single(new AuditQuery { Since = t, Until = t }.Validate());
        Assert.Single(new AuditQuery { Since = t.AddSeconds(1), Until = t }.Validate());
        Assert.Empty(new AuditQuery { Since = t, Until = t.AddSeconds(1) }.Validate());
    }

    [Fact]
    public void Validate_ActorIdTooLong_Error() => Assert.Single(new AuditQuery { ActorId = new string('a', 257) }.Validate());

    [Fact]
    public void Parse_AllValues_Parsed()
    {
        var result = AuditQuery.Parse("manifest_pushed", "alice", "team/app", "2025-03-01T12:00:00Z", "2025-03-01T14:30:00.5+02:00", "10", "20");

        Assert.Empty(result.Errors);
        var query = result.Query!;
        Assert.Equal("manifest_pushed", query.EventType);
        Assert.Equal("alice", query.ActorId);
        Assert.Equal("team/app", query.Repository);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), query.Since);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 30, 0, 500, TimeSpan.Zero), query.Until);
        Assert.Equal(10, query.N);
        Assert.Equal(20, query.Offset);
    }

    [Fact]
    public void Parse_NothingGiven_Defaults()
    {
        var result = AuditQuery.Parse(null, "", null, "", null, null, "");

        Assert.Empty(result.Errors);
        Assert.Equal(new AuditQuery(), result.Query);
    }

    [Fact]
    public void Parse_TimeWithoutOffset_TakenAsUtc()
    {
        var result = AuditQuery.Parse(null, null, null, "2025-03-01T12:00:00", null, null, null);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), result.Query!.Since);
    }

    [Theory]
    [InlineData("abc", null, null, null)]
    [InlineData("0", null, null, null)]
    [InlineData("1001", null, null, null)]
    [InlineData("-5", null, null, null)]
    [InlineData("1e3", null, null, null)]
    [InlineData(null, "-1", null, null)]
    [InlineData(null, "x", null, null)]
    [InlineData(null, "99999999999999", null, null)]
    [InlineData(null, null, "yesterday", null)]
    [InlineData(null, null, "03/01/2025", null)]
    [InlineData(null, null, null, "2025-13-01T00:00:00Z")]
    [InlineData(null, null, "2025-03-02T00:00:00Z", "2025-03-01T00:00:00Z")]
    public void Parse_BadValue_OneErrorAndNoQuery(string? n, string? offset, string? since, string? until)
    {
        var result = AuditQuery.Parse(null, null, null, since, until, n, offset);

        Assert.Null(result.Query);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_SeveralBadValues_ReportsEach()
    {
        var result = AuditQuery.Parse("nope", null, "Bad Name", "never", null, "0", "-1");

        Assert.Null(result.Query);
        Assert.Equal(5, result.Errors.Count);
    }
}
