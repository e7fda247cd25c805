using Mcr.Infrastructure.Configuration;

namespace Mcr.Infrastructure.Tests.Configuration;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData(":8443", "", 8443)]
    [InlineData("127.0.0.1:5443", "127.0.0.1", 5443)]
    [InlineData("localhost:1", "localhost", 1)]
    [InlineData("registry.example.com:65535", "registry.example.com", 65535)]
    [InlineData("[::1]:9443", "::1", 9443)]
    [InlineData("[::]:443", "::", 443)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    public void TryParse_Valid_ReturnsHostAndPort(string text, string host, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var h, out var p));
        Assert.Equal(host, h);
        Assert.Equal(port, p);
    }

    [Theory]
    [InlineData("")]
    [InlineData("8443")]
    [InlineData(":")]
    [InlineData(":65536")]
    [InlineData(":-1")]
    [InlineData(":+80")]
    [InlineData(":http")]
    [InlineData("host:")]
    [InlineData("::1:80")]
    [InlineData("[::1:80")]
    [InlineData("[localhost]:80")]
    [InlineData("bad host:80")]
    [InlineData(" :80")]
    [InlineData("-host:80")]
    [InlineData("a..b:80")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out _));
    }
}
