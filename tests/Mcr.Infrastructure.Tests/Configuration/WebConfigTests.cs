using Mcr.Infrastructure.Configuration;
using Mcr.Testing;

namespace Mcr.Infrastructure.Tests.Configuration;

/// <summary>mcr-web reads the same file and overrides, and validates only what it uses (<see cref="ConfigProgram.Web"/>).</summary>
public sealed class WebConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new("mcr-web-config");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WebOnlyFile_IsEnoughForMcrWeb_ButNotForTheServer()
    {
        var path = ConfigFiles.Write(_dir, """
            [web]
            listen_addr = ":8080"
            grpc_addr = "registry.example.com:9443"
            ca_cert = "tls/ca.pem"
            tls_cert = "tls/web.pem"
            tls_key = "tls/web-key.pem"
            """);

        var web = ConfigLoader.Load(path, ConfigFiles.NoEnvironment, ConfigProgram.Web);
        var server = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.True(web.Succeeded, string.Join("\n", web.Errors));
        Assert.Equal(_dir.Combine("tls", "web.pem"), web.Options.Web.TlsCert);
        Assert.Equal(_dir.Combine("tls", "ca.pem"), web.Options.Web.CaCert);
        Assert.Contains("database.path is required", server.Errors);
    }

    [Fact]
    public void WithoutItsOwnCertificate_McrWebUsesTheServers()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal() + "\n[web]\ngrpc_addr = \"localhost:9443\"\n");

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment, ConfigProgram.Web);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(_dir.Combine("certs", "cert.pem"), result.Options.Web.TlsCert);
        Assert.Equal(_dir.Combine("certs", "key.pem"), result.Options.Web.TlsKey);
        Assert.Equal("127.0.0.1:8080", result.Options.Web.ListenAddr);
    }

    [Fact]
    public void TheServer_DoesNotFillInTheWebCertificate()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("", result.Options.Web.TlsCert);
    }

    [Fact]
    public void MissingGrpcAddressAndCertificate_AreEachNamed()
    {
        var path = ConfigFiles.Write(_dir, "[web]\nlisten_addr = \":8080\"\n");

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment, ConfigProgram.Web);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("web.grpc_addr is required", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("web.tls_cert is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tls_cert = \"web.pem\"", "web.tls_key is required when web.tls_cert is set")]
    [InlineData("tls_key = \"web-key.pem\"", "web.tls_cert is required when web.tls_key is set")]
    [InlineData("listen_addr = \"nowhere\"", "web.listen_addr must be \"host:port\" or \":port\" with a port from 0 (any free port) to 65535, not \"nowhere\"")]
    [InlineData("grpc_addr = \"localhost:0\"", "web.grpc_addr must be \"host:port\" or \":port\" with a port from 1 to 65535, not \"localhost:0\"")]
    public void BadWebKeys_AreReported(string line, string expected)
    {
        var web = line.StartsWith("grpc_addr", StringComparison.Ordinal) ? line : "grpc_addr = \"localhost:9443\"\n" + line;
        var path = ConfigFiles.Write(_dir, $"[web]\n{web}\n");

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment, ConfigProgram.Web);

        Assert.Contains(expected, result.Errors);
    }

    [Fact]
    public void EnvironmentOverrides_ReachTheWebKeys()
    {
        var environment = new Dictionary<string, string?>
        {
            ["MCR_WEB_GRPC_ADDR"] = "mcrsrv:9443",
            ["MCR_WEB_LISTEN_ADDR"] = ":8080",
            ["MCR_WEB_TLS_CERT"] = "/srv/mcr/tls/web.pem",
            ["MCR_WEB_TLS_KEY"] = "/srv/mcr/tls/web-key.pem",
        };

        var result = ConfigLoader.FromOptions(new McrOptions(), environment, _dir.Path, ConfigProgram.Web);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("mcrsrv:9443", result.Options.Web.GrpcAddr);
        Assert.Equal(":8080", result.Options.Web.ListenAddr);
        Assert.Equal("/srv/mcr/tls/web.pem", result.Options.Web.TlsCert);
        Assert.Equal("/srv/mcr/tls/web-key.pem", result.Options.Web.TlsKey);
    }

    [Fact]
    public void Template_DocumentsTheWebCertificate()
    {
        var template = ConfigTemplate.Render(new McrOptions());

        Assert.Contains("tls_cert = \"\"", template[template.IndexOf("[web]", StringComparison.Ordinal)..]);
        Assert.Contains("empty = server.tls_cert", template);
    }
}
