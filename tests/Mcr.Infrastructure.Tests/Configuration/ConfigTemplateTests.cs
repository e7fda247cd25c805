using Mcr.Infrastructure.Configuration;
using Mcr.Testing;

namespace Mcr.Infrastructure.Tests.Configuration;

public sealed class ConfigTemplateTests : IDisposable
{
    private readonly TempDirectory _dir = new("mcr-config-template");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Render_FilledOptions_RoundTripsThroughLoad()
    {
        var options = new McrOptions();
        options.Server.ListenAddr = "[::1]:8443";
        options.Server.GrpcAddr = ":9443";
        options.Server.TlsCert = _dir.Combine("tls \"quoted\" \\ cert.pem");
        options.Server.TlsKey = _dir.Combine("key.pem");
        options.Server.TrustedProxies = ["10.0.0.1", "fd00::/8"];
        options.Server.WriteTimeout = TimeSpan.FromMilliseconds(1500);
        options.Server.ShutdownTimeout = TimeSpan.FromSeconds(90);
        options.Database.Path = _dir.Combine("mcr.db");
        options.Storage.LayersPath = _dir.Combine("layers");
        options.Storage.UploadsPath = _dir.Combine("uploads");
        options.Mcias.ServerUrl = "https://mcias.example.com";
        options.Mcias.Tags = ["env:prod"];
        options.Gc.GracePeriod = TimeSpan.Zero;
        options.Identity.TokenTtl = TimeSpan.FromMinutes(90);
        options.Log.Level = "warn";

        var path = ConfigFiles.Write(_dir, ConfigTemplate.Render(options));
        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(ConfigTemplate.Render(options), ConfigTemplate.Render(result.Options));
        Assert.Equal(options.Server.TlsCert, result.Options.Server.TlsCert);
        Assert.Equal(["10.0.0.1", "fd00::/8"], result.Options.Server.TrustedProxies);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), result.Options.Server.WriteTimeout);
        Assert.Equal(TimeSpan.FromMinutes(90), result.Options.Identity.TokenTtl);
    }

    [Fact]
    public void Render_Defaults_HasEverySectionAndCommentedKey()
    {
        var text = ConfigTemplate.Render(new McrOptions());
        var lines = text.Split('\n');

        foreach (var (section, _) in ConfigKeys.Sections)
        {
            Assert.Contains($"[{section}]", lines);
        }

        // section.key -> line index of its assignment
        var assignments = new Dictionary<string, int>();
        var current = "";
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('['))
            {
                current = lines[i].Trim('[', ']');
            }
            else if (lines[i].Contains(" = ", StringComparison.Ordinal) && !lines[i].StartsWith('#'))
            {
                assignments[$"{current}.{lines[i].Split(" = ")[0]}"] = i;
            }
        }

        Assert.Equal(ConfigKeys.All.Select(k => k.FullName).Order(), assignments.Keys.Order());
        foreach (var key in ConfigKeys.All)
        {
            var comment = lines[assignments[key.FullName] - 1];
            Assert.StartsWith("# ", comment, StringComparison.Ordinal);
            Assert.Equal(key.Required, comment.StartsWith("# REQUIRED", StringComparison.Ordinal));
        }

        Assert.Contains("read_timeout = \"30s\"", lines);
        Assert.Contains("write_timeout = \"0s\"", lines);
        Assert.Contains("system_token_ttl = \"8760h\"", lines);
        Assert.Contains("tags = []", lines);
    }

    [Fact]
    public void Render_Defaults_LoadsWithOnlyRequiredKeysMissing()
    {
        var path = ConfigFiles.Write(_dir, ConfigTemplate.Render(new McrOptions()));

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.Equal(ConfigFiles.RequiredKeys.Keys.Select(k => $"{k} is required").Order(), result.Errors.Order());
    }
}
