using Mcr.Infrastructure.Configuration;
using Mcr.Testing;
using Mcr.Web.Cli;

namespace Mcr.Web.Tests.Cli;

/// <summary><c>mcr-web server --dev</c> and <c>--config</c>: what they read, and what they say when it is not there.</summary>
public sealed class WebSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new("mcr-web-settings");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Dev_DialsTheLocalDevServer_WithItsCertificate()
    {
        var options = WebSettings.DevOptions("/home/you/mcr-dev");

        Assert.Equal("localhost:9443", options.Web.GrpcAddr);
        Assert.Equal("127.0.0.1:8080", options.Web.ListenAddr);
        Assert.Equal("/home/you/mcr-dev/tls/cert.pem", options.Web.CaCert);
        Assert.Equal("/home/you/mcr-dev/tls/cert.pem", options.Web.TlsCert);
        Assert.Equal("/home/you/mcr-dev/tls/key.pem", options.Web.TlsKey);
        Assert.Equal("localhost:8443", new WebSettings(options, true).RegistryHost);
    }

    [Fact]
    public void Dev_WithoutADevServer_SaysToStartItFirst()
    {
        var errors = new StringWriter();

        var settings = WebSettings.Load(null, _dir.Path, errors);

        Assert.Null(settings);
        Assert.Contains($"web.tls_cert: {_dir.Combine("tls", "cert.pem")} does not exist; start the registry first (mcrsrv server --dev --data {_dir.Path})", errors.ToString());
    }

    [Fact]
    public void Config_WithAMissingKey_NamesIt()
    {
        var path = _dir.Combine("mcr.toml");
        File.WriteAllText(path, "[web]\nlisten_addr = \":8080\"\ntls_cert = \"c.pem\"\ntls_key = \"k.pem\"\n");
        var errors = new StringWriter();

        Assert.Null(WebSettings.Load(path, null, errors));
        Assert.Contains("config error: web.grpc_addr is required", errors.ToString());
    }

    [Theory]
    [InlineData("https://registry.example.com", ":8443", "registry.example.com")]
    [InlineData("https://registry.example.com:5000/", ":8443", "registry.example.com:5000")]
    [InlineData("", ":8443", "registry.internal:8443")]
    [InlineData("", "10.0.0.5:443", "registry.internal")]
    public void PullCommands_NameTheRegistryAsClientsDo(string externalUrl, string listen, string expected)
    {
        var options = new McrOptions();
        options.Server.ExternalUrl = externalUrl;
        options.Server.ListenAddr = listen;
        options.Web.GrpcAddr = "registry.internal:9443";

        Assert.Equal(expected, new WebSettings(options, false).RegistryHost);
    }

    [Fact]
    public async Task CommandLine_RefusesConfigAndDevTogether()
    {
        var exit = await WebCommandLine.Build().Parse(["server", "--dev", "--config", "x.toml"]).InvokeAsync();

        Assert.Equal(2, exit);
    }
}
