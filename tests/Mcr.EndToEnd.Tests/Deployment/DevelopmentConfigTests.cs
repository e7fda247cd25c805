using Mcr.EndToEnd.Tests.Harness;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Deployment;

/// <summary>
/// deploy/examples/mcr-dev.toml as its header says to use it: <c>mcrsrv init --dir mcr-dev</c>, then
/// <c>mcrsrv server --config mcr-dev.toml</c> serves; <c>mcrsrv health</c> (the images' HEALTHCHECK) says so, and
/// says otherwise once the server has stopped.
/// </summary>
public sealed class DevelopmentConfigTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _work = new("mcr-devconfig");

    [Fact]
    public async Task DevelopmentExample_InitThenServer_ServesAndHealthFollowsIt()
    {
        var config = _work.Combine("mcr-dev.toml");
        File.Copy(DeployFiles.Path("examples", "mcr-dev.toml"), config);
        var launch = ServerLocator.Find(McrProcess.ServerVariable, typeof(DevelopmentConfigTests).Assembly);
        var init = await DeployFiles.RunAsync(output, launch.Program, [.. launch.LeadingArguments, "init", "--dir", _work.Combine("mcr-dev")]);
        Assert.True(init.Succeeded, init.Describe());

        var server = new McrProcess { ConfigFile = config, CertificatePath = _work.Combine("mcr-dev", "tls", "cert.pem") };
        using (server.AttachOutput(output))
        {
            try
            {
                await server.InitializeAsync();
                var healthy = await server.RunCommandAsync(null, "health");
                Assert.True(healthy.Succeeded, healthy.Describe());
                Assert.StartsWith($"healthy: https://{server.Host}/v1/health answered 200", healthy.StandardOutput, StringComparison.Ordinal);
                Assert.True(File.Exists(_work.Combine("mcr-dev", "mcr.db")), "the database is where the example puts it");
                // log.format = "text": readable lines, not JSON
                Assert.DoesNotContain(server.Output.Split('\n'), l => l.StartsWith("{\"Timestamp\"", StringComparison.Ordinal));

                Assert.Equal(0, await server.StopAsync());
                var stopped = await server.RunCommandAsync(null, "health");
                Assert.Equal(1, stopped.ExitCode);
                Assert.StartsWith("unhealthy: ", stopped.StandardError, StringComparison.Ordinal);
            }
            finally
            {
                await server.DisposeAsync();
            }
        }
    }

    public void Dispose() => _work.Dispose();
}
