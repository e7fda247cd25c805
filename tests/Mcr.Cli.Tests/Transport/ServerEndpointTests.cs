using Mcr.Cli.Transport;

namespace Mcr.Cli.Tests.Transport;

public sealed class ServerEndpointTests
{
    [Theory]
    [InlineData("https://registry.example.com:8443", "https://registry.example.com:8443")]
    [InlineData("https://registry.example.com:8443/", "https://registry.example.com:8443")]
    [InlineData("registry.example.com:8443", "https://registry.example.com:8443")]
    [InlineData("https://[::1]:8443", "https://[::1]:8443")]
    public void Server_NormalizesTheName(string text, string name)
    {
        Assert.True(ServerEndpoint.TryParseServer(text, out var endpoint, out var error), error);
        Assert.Equal(name, endpoint.Name);
        Assert.Equal(TransportKind.Rest, endpoint.Transport);
    }

    [Theory]
    [InlineData("registry.example.com:9443", "grpc://registry.example.com:9443")]
    [InlineData("registry.example.com", "grpc://registry.example.com:9443")]
    [InlineData("grpc://registry.example.com:5000", "grpc://registry.example.com:5000")]
    [InlineData("[::1]:7000", "grpc://[::1]:7000")]
    [InlineData("host:443", "grpc://host:443")]
    public void Grpc_NormalizesTheName_WithPort9443ByDefault(string text, string name)
    {
        Assert.True(ServerEndpoint.TryParseGrpc(text, out var endpoint, out var error), error);
        Assert.Equal(name, endpoint.Name);
        Assert.Equal(endpoint, ServerEndpoint.FromName(endpoint.Name));
    }

    [Theory]
    [InlineData("http://registry.example.com")]
    [InlineData("ftp://x")]
    [InlineData("https://")]
    public void Server_RefusesWhatIsNotHttps(string text) =>
        Assert.False(ServerEndpoint.TryParseServer(text, out _, out _));

    [Theory]
    [InlineData("host:port")]
    [InlineData("host:9443/path")]
    public void Grpc_RefusesWhatIsNotHostPort(string text) =>
        Assert.False(ServerEndpoint.TryParseGrpc(text, out _, out _));
}
