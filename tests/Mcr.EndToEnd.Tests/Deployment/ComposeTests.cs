using Mcr.EndToEnd.Tests.Harness;

namespace Mcr.EndToEnd.Tests.Deployment;

/// <summary>
/// deploy/compose.yaml is a valid Compose file (<c>docker-compose config</c> checks it against the Compose
/// schema and resolves it) that runs both programs from their Dockerfiles with the ports, the data volume
/// (read-only for the web UI) and the configuration mounted read-only.
/// </summary>
public sealed class ComposeTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Config_IsValid_ServicesPortsVolumesAndReadOnlyConfiguration()
    {
        var compose = Tool.Require("docker-compose", "docker-compose", output);

        var result = await DeployFiles.RunAsync(output, compose, ["--file", DeployFiles.Path("compose.yaml"), "config"]);

        Assert.True(result.Succeeded, $"docker-compose config: {result.Describe()}");
        var resolved = result.StandardOutput;
        foreach (var expected in new[]
        {
            "mcrsrv:", "mcr-web:", "dockerfile: deploy/docker/mcrsrv.Dockerfile", "dockerfile: deploy/docker/mcr-web.Dockerfile",
            "published: 8443", "published: 9443", "published: 8080", "mcr-data:/srv/mcr:rw", "target: /srv/mcr/mcr.toml",
            "condition: service_healthy", "MCR_WEB_GRPC_ADDR: mcrsrv:9443",
        })
        {
            Assert.Contains(expected, resolved, StringComparison.Ordinal);
        }
        // Every bind mount and the web UI's view of the data volume are read-only.
        var mounts = resolved.Split('\n').Count(l => l.Trim().StartsWith("target: /srv/mcr", StringComparison.Ordinal));
        var readOnly = resolved.Split('\n').Count(l => l.Trim() == "- read_only: true" || l.Trim() == "read_only: true");
        Assert.Equal(5, mounts);
        Assert.Equal(5, readOnly);
        foreach (var dockerfile in new[] { "mcrsrv.Dockerfile", "mcr-web.Dockerfile" })
        {
            Assert.True(File.Exists(DeployFiles.Path("docker", dockerfile)), dockerfile);
        }
    }
}
