using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Skopeo;

namespace Mcr.EndToEnd.Tests.Podman;

/// <summary>
/// Images built by <c>podman build</c> and <c>buildah</c> (FROM scratch: no base image download) are
/// pushed to a real mcrsrv process through the token flow over TLS and pulled back unchanged.
/// </summary>
public sealed class PodmanTests(McrProcess server, ITestOutputHelper output) : IClassFixture<McrProcess>, IDisposable
{
    private readonly E2eSession _e2e = new(server, output);
    private readonly List<ContainerToolClient> _clients = [];

    [SkippableFact]
    public async Task Login_AdminPassword_SucceedsAndWrongPasswordFails()
    {
        var podman = Podman("podman-login");

        Expect.Failure(await podman.LoginAsync(server.AdminUser, server.AdminPassword + "-wrong"), "podman login with a wrong password");
        Expect.Success(await podman.LoginAsync(server.AdminUser, server.AdminPassword), "podman login");
        Assert.Contains(server.Host, await File.ReadAllTextAsync(podman.AuthFile), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task PodmanBuild_PushThenPullIntoEmptyStore_SameImage()
    {
        var builder = Podman("podman-build");
        var image = builder.Image("e2e/podman/hello", "v1");
        Expect.Success(await builder.LoginAsync(server.AdminUser, server.AdminPassword), "podman login");
        Expect.Success(await builder.RunAsync("build", "--quiet", "--tag", image, WriteBuildContext("podman")), "podman build");
        var built = await ImageIdAsync(builder, image);

        Expect.Success(await builder.RunAsync("push", "--tls-verify=false", image), "podman push");

        var puller = Podman("podman-pull");
        Expect.Success(await puller.LoginAsync(server.AdminUser, server.AdminPassword), "podman login (puller)");
        Expect.Success(await puller.RunAsync("pull", "--tls-verify=false", image), "podman pull");
        Assert.Equal(built, await ImageIdAsync(puller, image));
    }

    [SkippableFact]
    public async Task BuildahBuild_PushThenPodmanPull_SameImage()
    {
        var buildah = Track(new ContainerToolClient("buildah", Tool.Require("buildah", "buildah", output), server, output, _e2e.PathFor(".")));
        var image = buildah.Image("e2e/buildah/hello", "v1");
        Expect.Success(await buildah.LoginAsync(server.AdminUser, server.AdminPassword), "buildah login");
        Expect.Success(await buildah.RunAsync("build", "--quiet", "--tag", image, WriteBuildContext("buildah")), "buildah build");
        var built = (await buildah.RunAsync("images", "--no-trunc", "--format", "{{.ID}}", image)).StandardOutput.Trim();
        Assert.NotEmpty(built);

        Expect.Success(await buildah.RunAsync("push", "--tls-verify=false", image), "buildah push");

        var puller = Podman("podman-pull-buildah");
        Expect.Success(await puller.LoginAsync(server.AdminUser, server.AdminPassword), "podman login (puller)");
        Expect.Success(await puller.RunAsync("pull", "--tls-verify=false", image), "podman pull of the buildah image");
        Assert.Equal(built.Replace("sha256:", "", StringComparison.Ordinal), await ImageIdAsync(puller, image));
    }

    public void Dispose()
    {
        _clients.ForEach(client => client.Dispose());
        _e2e.Dispose();
    }

    private ContainerToolClient Track(ContainerToolClient client)
    {
        _clients.Add(client);
        return client;
    }

    /// <summary>Each client gets its own image store, so a pull really comes from the registry.</summary>
    private ContainerToolClient Podman(string name)
    {
        var directory = _e2e.PathFor(name);
        Directory.CreateDirectory(directory);
        return Track(new ContainerToolClient("podman", Tool.Require("podman", "podman", output), server, output, directory));
    }

    /// <summary>A FROM scratch build with two layers of random content (no base image to download).</summary>
    private string WriteBuildContext(string name)
    {
        var context = _e2e.PathFor($"context-{name}");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "a.txt"), Guid.NewGuid().ToString());
        File.WriteAllBytes(Path.Combine(context, "b.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(256 * 1024));
        File.WriteAllText(Path.Combine(context, "Containerfile"), "FROM scratch\nCOPY a.txt /a.txt\nCOPY b.bin /data/b.bin\n");
        return context;
    }

    private static async Task<string> ImageIdAsync(ContainerToolClient client, string image)
    {
        var result = await client.RunAsync("image", "inspect", "--format", "{{.Id}}", image);
        Expect.Success(result, $"inspect {image}");
        return result.StandardOutput.Trim();
    }
}
