using Mcr.Infrastructure.Configuration;
using Mcr.Testing;

namespace Mcr.Infrastructure.Tests.Configuration;

public sealed class ConfigEnvironmentTests : IDisposable
{
    private readonly TempDirectory _dir = new("mcr-config-env");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_ListenAddrVariable_OverridesFile()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());

        var result = ConfigLoader.Load(path, ConfigFiles.Env(("MCR_SERVER_LISTEN_ADDR", "127.0.0.1:5443")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("127.0.0.1:5443", result.Options.Server.ListenAddr);
    }

    [Fact]
    public void Load_GracePeriodVariable_OverridesFileDuration()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With("gc", "grace_period = \"2h\""));

        var result = ConfigLoader.Load(path, ConfigFiles.Env(("MCR_GC_GRACE_PERIOD", "0s")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(TimeSpan.Zero, result.Options.Gc.GracePeriod);
    }

    [Theory]
    [InlineData("MCR_GC_GRACE_PERIOD", "soon")]
    [InlineData("MCR_GC_GRACE_PERIOD", "-1h")]
    [InlineData("MCR_SERVER_READ_TIMEOUT", "")]
    [InlineData("MCR_IDENTITY_TOKEN_TTL", "24")]
    public void Load_BadDurationVariable_ErrorNamesVariable(string variable, string value)
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());

        var result = ConfigLoader.Load(path, ConfigFiles.Env((variable, value)));

        Assert.False(result.Succeeded);
        Assert.StartsWith(variable + ":", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ListVariables_SplitOnCommas()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With("mcias", "tags = [\"old\"]"));

        var result = ConfigLoader.Load(path, ConfigFiles.Env(
            ("MCR_MCIAS_TAGS", "env:prod, team:infra,,"),
            ("MCR_SERVER_TRUSTED_PROXIES", "10.0.0.1,10.1.0.0/16")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["env:prod", "team:infra"], result.Options.Mcias.Tags);
        Assert.Equal(["10.0.0.1", "10.1.0.0/16"], result.Options.Server.TrustedProxies);
    }

    [Fact]
    public void Load_EmptyListVariable_ClearsList()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With("mcias", "tags = [\"old\"]"));

        var result = ConfigLoader.Load(path, ConfigFiles.Env(("MCR_MCIAS_TAGS", "")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Options.Mcias.Tags);
    }

    [Fact]
    public void Load_NoFile_RequiredKeysFromEnvironment_ResolvedAgainstCurrentDirectory()
    {
        var result = ConfigLoader.Load(null, ConfigFiles.Env(
            ("MCR_SERVER_LISTEN_ADDR", ":8443"),
            ("MCR_SERVER_TLS_CERT", "/etc/mcr/cert.pem"),
            ("MCR_SERVER_TLS_KEY", "/etc/mcr/key.pem"),
            ("MCR_DATABASE_PATH", "mcr.db"),
            ("MCR_STORAGE_LAYERS_PATH", "/srv/mcr/layers")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "mcr.db"), result.Options.Database.Path);
        Assert.Equal("/srv/mcr/uploads", result.Options.Storage.UploadsPath);
    }

    [Fact]
    public void Load_EmptyRequiredVariable_OverridesFileAndIsReported()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());

        var result = ConfigLoader.Load(path, ConfigFiles.Env(("MCR_SERVER_TLS_KEY", "")));

        Assert.False(result.Succeeded);
        Assert.Equal(["server.tls_key is required"], result.Errors);
    }

    [Fact]
    public void Load_NullVariable_Ignored()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());
        var env = new Dictionary<string, string?> { ["MCR_SERVER_LISTEN_ADDR"] = null };

        var result = ConfigLoader.Load(path, env);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(":8443", result.Options.Server.ListenAddr);
    }

    [Fact]
    public void Load_UnknownVariableInKnownSection_Warns()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());

        var result = ConfigLoader.Load(path, ConfigFiles.Env(
            ("MCR_GC_GRACE_PERIODS", "0s"),
            ("MCR_ADMIN_PASSWORD", "not-config"),
            ("MCR_TOKEN", "not-config"),
            ("PATH", "/usr/bin")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["MCR_GC_GRACE_PERIODS is not a configuration variable and was ignored"], result.Warnings);
        Assert.Equal(TimeSpan.FromHours(1), result.Options.Gc.GracePeriod);
    }

    [Fact]
    public void Load_LowerCaseVariable_NotApplied()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());

        var result = ConfigLoader.Load(path, ConfigFiles.Env(("mcr_server_listen_addr", ":1")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(":8443", result.Options.Server.ListenAddr);
    }

    [Fact]
    public void Load_LogFormat_JsonByDefault_TextFromTheVariable()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.Minimal());

        var byDefault = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);
        var overridden = ConfigLoader.Load(path, ConfigFiles.Env(("MCR_LOG_FORMAT", "text")));

        Assert.True(byDefault.Succeeded, string.Join("\n", byDefault.Errors));
        Assert.Equal("json", byDefault.Options.Log.Format);
        Assert.True(overridden.Succeeded, string.Join("\n", overridden.Errors));
        Assert.Equal("text", overridden.Options.Log.Format);
    }

    [Fact]
    public void Load_BadFileValueAndBadVariable_BothReported()
    {
        var path = ConfigFiles.Write(_dir, ConfigFiles.With("gc", "upload_ttl = \"week\""));

        var result = ConfigLoader.Load(path, ConfigFiles.Env(("MCR_LOG_LEVEL", "chatty"), ("MCR_GC_GRACE_PERIOD", "x")));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("gc.upload_ttl:", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("MCR_GC_GRACE_PERIOD:", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("log.level must be one of", StringComparison.Ordinal));
    }

    [Fact]
    public void ApplyEnvironment_DevOptions_OverridesInPlaceWithoutValidating()
    {
        var options = new McrOptions();
        options.Server.ListenAddr = ":8443";

        var result = ConfigLoader.ApplyEnvironment(options, ConfigFiles.Env(
            ("MCR_SERVER_LISTEN_ADDR", "127.0.0.1:5443"), ("MCR_GC_GRACE_PERIOD", "0s")));

        Assert.True(result.Succeeded);
        Assert.Same(options, result.Options);
        Assert.Equal("127.0.0.1:5443", options.Server.ListenAddr);
        Assert.Equal(TimeSpan.Zero, options.Gc.GracePeriod);
    }

    [Fact]
    public void ApplyEnvironment_BadValue_ErrorNamesVariable()
    {
        var result = ConfigLoader.ApplyEnvironment(new McrOptions(), ConfigFiles.Env(("MCR_GC_UPLOAD_TTL", "1w")));

        Assert.False(result.Succeeded);
        Assert.StartsWith("MCR_GC_UPLOAD_TTL:", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void FromOptions_DevStyleOptions_ResolvesAgainstBaseDirectoryAndValidates()
    {
        var options = new McrOptions();
        options.Server.ListenAddr = ":8443";
        options.Server.TlsCert = "tls/cert.pem";
        options.Server.TlsKey = "tls/key.pem";
        options.Database.Path = "mcr.db";
        options.Storage.LayersPath = "layers";

        var result = ConfigLoader.FromOptions(options, ConfigFiles.Env(("MCR_SERVER_LISTEN_ADDR", "127.0.0.1:5443")), _dir.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("127.0.0.1:5443", result.Options.Server.ListenAddr);
        Assert.Equal(_dir.Combine("tls", "cert.pem"), result.Options.Server.TlsCert);
        Assert.Equal(_dir.Combine("uploads"), result.Options.Storage.UploadsPath);
    }

    [Fact]
    public void FromOptions_BadOverride_Fails()
    {
        var result = ConfigLoader.FromOptions(new McrOptions(), ConfigFiles.Env(("MCR_SERVER_LISTEN_ADDR", "8443")), _dir.Path);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("server.listen_addr must be", StringComparison.Ordinal));
    }

    [Fact]
    public void ProcessEnvironment_ReturnsOnlyMcrVariables()
    {
        var env = ConfigLoader.ProcessEnvironment();

        Assert.All(env.Keys, k => Assert.StartsWith("MCR_", k, StringComparison.Ordinal));
    }
}
