using Mcr.Infrastructure.Configuration;
using Mcr.Testing;

namespace Mcr.Infrastructure.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("mcr-config");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_FullFile_ReadsEveryKey()
    {
        var path = ConfigFiles.Write(_dir, """
            [server]
            listen_addr = "0.0.0.0:8443"
            grpc_addr = ":9443"
            tls_cert = "/etc/mcr/cert.pem"
            tls_key = "/etc/mcr/key.pem"
            external_url = "https://registry.example.com"
            trusted_proxies = ["10.0.0.1", "192.168.0.0/16"]
            read_timeout = "10s"
            write_timeout = "5m"
            idle_timeout = "2m"
            shutdown_timeout = "1m30s"

            [database]
            path = "/srv/mcr/mcr.db"

            [storage]
            layers_path = "/srv/mcr/layers"
            uploads_path = "/srv/mcr/incoming"

            [mcias]
            server_url = "https://mcias.example.com:8443"
            ca_cert = "/etc/mcr/ca.pem"
            service_name = "registry"
            tags = ["env:prod", "team:infra"]

            [identity]
            token_ttl = "12h"
            system_token_ttl = "720h"

            [gc]
            grace_period = "30m"
            upload_ttl = "48h"

            [web]
            listen_addr = "127.0.0.1:8081"
            grpc_addr = "localhost:9443"
            ca_cert = "/etc/mcr/web-ca.pem"
            tls_cert = "/etc/mcr/web-cert.pem"
            tls_key = "/etc/mcr/web-key.pem"

            [log]
            level = "debug"
            """);

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var o = result.Options;
        Assert.Equal("0.0.0.0:8443", o.Server.ListenAddr);
        Assert.Equal(":9443", o.Server.GrpcAddr);
        Assert.Equal("/etc/mcr/cert.pem", o.Server.TlsCert);
        Assert.Equal("/etc/mcr/key.pem", o.Server.TlsKey);
        Assert.Equal("https://registry.example.com", o.Server.ExternalUrl);
        Assert.Equal(["10.0.0.1", "192.168.0.0/16"], o.Server.TrustedProxies);
        Assert.Equal(TimeSpan.FromSeconds(10), o.Server.ReadTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), o.Server.WriteTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), o.Server.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), o.Server.ShutdownTimeout);
        Assert.Equal("/srv/mcr/mcr.db", o.Database.Path);
        Assert.Equal("/srv/mcr/layers", o.Storage.LayersPath);
        Assert.Equal("/srv/mcr/incoming", o.Storage.UploadsPath);
        Assert.Equal("https://mcias.example.com:8443", o.Mcias.ServerUrl);
        Assert.Equal("/etc/mcr/ca.pem", o.Mcias.CaCert);
        Assert.Equal("registry", o.Mcias.ServiceName);
        Assert.Equal(["env:prod", "team:infra"], o.Mcias.Tags);
        Assert.Equal(TimeSpan.FromHours(12), o.Identity.TokenTtl);
        Assert.Equal(TimeSpan.FromHours(720), o.Identity.SystemTokenTtl);
        Assert.Equal(TimeSpan.FromMinutes(30), o.Gc.GracePeriod);
        Assert.Equal(TimeSpan.FromHours(48), o.Gc.UploadTtl);
        Assert.Equal("127.0.0.1:8081", o.Web.ListenAddr);
        Assert.Equal("localhost:9443", o.Web.GrpcAddr);
        Assert.Equal("/etc/mcr/web-ca.pem", o.Web.CaCert);
        Assert.Equal("/etc/mcr/web-cert.pem", o.Web.TlsCert);
        Assert.Equal("/etc/mcr/web-key.pem", o.Web.TlsKey);
        Assert.Equal("debug", o.Log.Level);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Load_MinimalFile_AppliesDefaults()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var o = result.Options;
        Assert.Equal(TimeSpan.FromSeconds(30), o.Server.ReadTimeout);
        Assert.Equal(TimeSpan.Zero, o.Server.WriteTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), o.Server.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), o.Server.ShutdownTimeout);
        Assert.Equal(_dir.Combine("data", "uploads"), o.Storage.UploadsPath);
        Assert.Equal("", o.Mcias.ServerUrl);
        Assert.Equal("mcr", o.Mcias.ServiceName);
        Assert.Empty(o.Mcias.Tags);
        Assert.Equal(TimeSpan.FromHours(24), o.Identity.TokenTtl);
        Assert.Equal(TimeSpan.FromHours(8760), o.Identity.SystemTokenTtl);
        Assert.Equal(TimeSpan.FromHours(1), o.Gc.GracePeriod);
        Assert.Equal(TimeSpan.FromHours(168), o.Gc.UploadTtl);
        Assert.Equal("127.0.0.1:8080", o.Web.ListenAddr);
        Assert.Equal("info", o.Log.Level);
    }

    [Fact]
    public void Load_RelativePaths_ResolvedAgainstFileDirectory()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With("mcias", "ca_cert = \"../ca.pem\""));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var o = result.Options;
        Assert.Equal(_dir.Combine("certs", "cert.pem"), o.Server.TlsCert);
        Assert.Equal(_dir.Combine("certs", "key.pem"), o.Server.TlsKey);
        Assert.Equal(_dir.Combine("data", "mcr.db"), o.Database.Path);
        Assert.Equal(_dir.Combine("data", "layers"), o.Storage.LayersPath);
        Assert.Equal(Path.GetFullPath(_dir.Combine("..", "ca.pem")), o.Mcias.CaCert);
    }

    [Fact]
    public void Load_UploadsPathGiven_RelativeResolvedAndNotDefaulted()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With("storage", "uploads_path = \"spool\""));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(_dir.Combine("spool"), result.Options.Storage.UploadsPath);
    }

    public static TheoryData<string> RequiredKeyNames => [.. ConfigFiles.RequiredKeys.Keys];

    [Theory]
    [MemberData(nameof(RequiredKeyNames))]
    public void Load_MissingRequiredKey_ErrorNamesKey(string key)
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal(omit: key));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.Equal([$"{key} is required"], result.Errors);
    }

    [Fact]
    public void Load_NoFileNoEnvironment_ReportsEveryRequiredKey()
    {
        var result = ConfigLoader.Load(null, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.Null(result.Options);
        Assert.Equal(ConfigFiles.RequiredKeys.Keys.Select(k => $"{k} is required").Order(), result.Errors.Order());
    }

    [Fact]
    public void Load_UnknownKey_ErrorNamesKey()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With("server", "listen_adr = \":1\""));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("unknown key server.listen_adr", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownSectionAndTopLevelKey_BothReported()
    {
        var path = ConfigFiles.Write(_dir, "debug = true\n" + ConfigFiles.Minimal() + "\n[sever]\nlisten_addr = \":1\"\n");

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.StartsWith("unknown top-level key debug", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("unknown section [sever]", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NestedTableInSection_RejectedAsUnknownKey()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal() + "\n[server.tls]\ncert = \"x\"\n");

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.StartsWith("unknown key server.tls", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("\"-5m\"")]
    [InlineData("\"30\"")]
    [InlineData("30")]
    public void Load_BadDuration_ErrorNamesKey(string value)
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With("gc", $"grace_period = {value}"));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.StartsWith("gc.grace_period", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IntegerZeroDuration_Accepted()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With("gc", "grace_period = 0"));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(TimeSpan.Zero, result.Options.Gc.GracePeriod);
    }

    [Theory]
    [InlineData("log", "level = 3", "log.level must be a string")]
    [InlineData("server", "tls_cert = true", "server.tls_cert must be a string")]
    [InlineData("mcias", "tags = \"a,b\"", "mcias.tags must be an array of strings")]
    [InlineData("mcias", "tags = [\"a\", 1]", "mcias.tags must contain only strings")]
    [InlineData("gc", "upload_ttl = 1.5", "gc.upload_ttl must be a duration string")]
    public void Load_WrongTomlType_ErrorNamesKey(string section, string line, string expected)
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With(section, line));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server", "listen_addr = \"8443\"", "server.listen_addr must be")]
    [InlineData("server", "listen_addr = \":70000\"", "server.listen_addr must be")]
    [InlineData("server", "grpc_addr = \"nowhere\"", "server.grpc_addr must be")]
    [InlineData("server", "external_url = \"registry.example.com\"", "server.external_url must be")]
    [InlineData("server", "trusted_proxies = [\"proxy.local\"]", "server.trusted_proxies")]
    [InlineData("storage", "uploads_path = \"data/layers/\"", "storage.uploads_path must differ")]
    [InlineData("mcias", "server_url = \"http://mcias.example.com\"", "mcias.server_url must be an absolute https URL")]
    [InlineData("mcias", "server_url = \"mcias.example.com\"", "mcias.server_url must be an absolute https URL")]
    [InlineData("mcias", "service_name = \"\"", "mcias.service_name")]
    [InlineData("mcias", "tags = [\"\"]", "mcias.tags")]
    [InlineData("identity", "token_ttl = \"0s\"", "identity.token_ttl must be greater than zero")]
    [InlineData("identity", "system_token_ttl = 0", "identity.system_token_ttl must be greater than zero")]
    [InlineData("web", "listen_addr = \"localhost\"", "web.listen_addr must be")]
    [InlineData("web", "grpc_addr = \"localhost:0\"", "web.grpc_addr must be")]
    [InlineData("log", "level = \"verbose\"", "log.level must be one of trace, debug, info, warn, error")]
    [InlineData("log", "level = \"INFO\"", "log.level must be one of")]
    [InlineData("log", "format = \"xml\"", "log.format must be one of json, text")]
    [InlineData("log", "format = \"JSON\"", "log.format must be one of")]
    public void Load_InvalidValue_ErrorNamesKey(string section, string line, string expected)
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With(section, line));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsAll()
    {
        var path = ConfigFiles.Write(_dir, """
            [server]
            listen_addr = "nope"
            colour = "blue"
            [gc]
            upload_ttl = "forever"
            [log]
            level = "loud"
            """);

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("server.listen_addr must be", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("unknown key server.colour", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("gc.upload_ttl", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("log.level", StringComparison.Ordinal));
        Assert.Contains("server.tls_cert is required", result.Errors);
        Assert.Contains("database.path is required", result.Errors);
        Assert.Contains("storage.layers_path is required", result.Errors);
    }

    [Fact]
    public void Load_InvalidToml_ReportsSyntaxError()
    {
        var path = ConfigFiles.Write(_dir, "[server\nlisten_addr = ");

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.Contains("is not valid TOML", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateKey_ReportsError()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal().Replace("[server]", "[server]\nlisten_addr = \":1\"", StringComparison.Ordinal));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Load_MissingFile_ErrorNamesFile()
    {
        var path = _dir.Combine("absent.toml");

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.Contains(path, Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFile_ReportsRequiredKeys()
    {
        var path = ConfigFiles.Write(_dir, "");

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.False(result.Succeeded);
        Assert.Equal(5, result.Errors.Count);
    }
}
