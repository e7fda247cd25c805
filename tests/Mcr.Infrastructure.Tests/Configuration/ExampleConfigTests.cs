using Mcr.Infrastructure.Configuration;
using Mcr.Testing;

namespace Mcr.Infrastructure.Tests.Configuration;

/// <summary>
/// deploy/examples/mcr.toml (production) and mcr-dev.toml load with the real loader, without errors or
/// warnings, and annotate every key: the install script copies the first to /srv/mcr/mcr.toml as it is.
/// </summary>
public sealed class ExampleConfigTests
{
    private static string Example(string name) => RepositoryRoot.Combine("deploy", "examples", name);

    [Fact]
    public void Production_Loads_WithMciasTlsGcAndWeb()
    {
        var result = ConfigLoader.Load(Example("mcr.toml"), ConfigFiles.NoEnvironment);

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Empty(result.Warnings);
        var options = result.Options;
        Assert.Equal(":8443", options.Server.ListenAddr);
        Assert.Equal(":9443", options.Server.GrpcAddr);
        Assert.Equal("/srv/mcr/tls/cert.pem", options.Server.TlsCert);
        Assert.Equal("/srv/mcr/tls/key.pem", options.Server.TlsKey);
        Assert.Equal("/srv/mcr/mcr.db", options.Database.Path);
        Assert.Equal("/srv/mcr/layers", options.Storage.LayersPath);
        Assert.Equal("/srv/mcr/uploads", options.Storage.UploadsPath);
        Assert.StartsWith("https://", options.Mcias.ServerUrl, StringComparison.Ordinal);
        Assert.Equal("/srv/mcr/tls/mcias-ca.pem", options.Mcias.CaCert);
        Assert.Equal(TimeSpan.FromHours(1), options.Gc.GracePeriod);
        Assert.Equal(TimeSpan.FromHours(168), options.Gc.UploadTtl);
        Assert.Equal("127.0.0.1:8080", options.Web.ListenAddr);
        Assert.EndsWith(":9443", options.Web.GrpcAddr, StringComparison.Ordinal);
        Assert.Equal("json", options.Log.Format);
    }

    [Fact]
    public void Development_Loads_EmbeddedIdentityAndPathsBesideTheFile()
    {
        var path = Example("mcr-dev.toml");

        var result = ConfigLoader.Load(path, ConfigFiles.NoEnvironment);

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Empty(result.Warnings);
        var options = result.Options;
        var beside = Path.Combine(Path.GetDirectoryName(path)!, "mcr-dev");
        Assert.Equal("", options.Mcias.ServerUrl);
        Assert.Equal(Path.Combine(beside, "tls", "cert.pem"), options.Server.TlsCert);
        Assert.Equal(Path.Combine(beside, "mcr.db"), options.Database.Path);
        Assert.Equal(Path.Combine(beside, "layers"), options.Storage.LayersPath);
        Assert.StartsWith("127.0.0.1:", options.Server.ListenAddr, StringComparison.Ordinal);
        Assert.Equal("text", options.Log.Format);
    }

    [Theory]
    [InlineData("mcr.toml")]
    [InlineData("mcr-dev.toml")]
    public void EveryKey_IsInTheFile_UnderItsSection_WithACommentAbove(string name)
    {
        var lines = File.ReadAllLines(Example(name));
        var section = "";
        var seen = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
            }
            else if (line.Length > 0 && !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
            {
                var key = $"{section}.{line[..line.IndexOf('=', StringComparison.Ordinal)].Trim()}";
                Assert.True(i > 0 && lines[i - 1].TrimStart().StartsWith('#'), $"{name}: {key} has no comment above it");
                seen.Add(key);
            }
        }

        Assert.Equal(ConfigKeys.All.Select(k => k.FullName).Order(), seen.Order());
    }
}
