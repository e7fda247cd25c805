using Mcr.Server.Auth;

namespace Mcr.Server.Tests.Auth;

public sealed class BasicCredentialsTests
{
    [Theory]
    [InlineData("Bearer abc.def", "abc.def")]
    [InlineData("bearer   abc ", "abc")]
    public void TryParseBearer_ReturnsTheToken_AsStringAndAsASliceOfTheHeader(string header, string expected)
    {
        Assert.True(BasicCredentials.TryParseBearer(header, out string? token));
        Assert.Equal(expected, token);
        Assert.True(BasicCredentials.TryParseBearer(header, out ReadOnlyMemory<char> slice));
        Assert.Equal(expected, slice.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Bearer    ")]
    [InlineData("Basic YTpi")]
    [InlineData("Bearerabc")]
    public void TryParseBearer_NoToken_False(string? header)
    {
        Assert.False(BasicCredentials.TryParseBearer(header, out string? token));
        Assert.Null(token);
        Assert.False(BasicCredentials.TryParseBearer(header, out ReadOnlyMemory<char> slice));
        Assert.True(slice.IsEmpty);
    }
}
