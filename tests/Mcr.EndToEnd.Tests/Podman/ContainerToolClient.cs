using Mcr.EndToEnd.Tests.Harness;

namespace Mcr.EndToEnd.Tests.Podman;

/// <summary>
/// Runs the real <c>podman</c> or <c>buildah</c> against one <see cref="McrProcess"/> with a private image
/// store (<c>--root</c>/<c>--runroot</c> in the test's work directory, vfs driver: no mounts, no shared
/// state with the host) and a private auth file. Each command and its output (password masked) go to the
/// test output.
/// </summary>
public sealed class ContainerToolClient(string name, string executable, McrProcess server, ITestOutputHelper output, string workDirectory)
    : IDisposable
{
    private const int CommandTimeoutMinutes = 3;

    // podman refuses a runroot longer than 50 characters, so it cannot live in the (long) work directory.
    private readonly string _runRoot = Directory.CreateTempSubdirectory("mcrp-").FullName;

    public string AuthFile => Path.Combine(workDirectory, $"{name}-auth.json");

    /// <summary><c>host:port/repository:tag</c>, the image reference as podman and buildah write it.</summary>
    public string Image(string repository, string tag) => $"{server.Host}/{repository}:{tag}";

    public Task<ProcessResult> LoginAsync(string user, string password) =>
        RunWithInputAsync(password, "login", "--tls-verify=false", "-u", user, "--password-stdin", server.Host);

    public Task<ProcessResult> RunAsync(params string[] arguments) => RunWithInputAsync(null, arguments);

    private async Task<ProcessResult> RunWithInputAsync(string? standardInput, params string[] arguments)
    {
        string[] all =
        [
            "--root", Path.Combine(workDirectory, $"{name}-storage"),
            "--runroot", _runRoot,
            "--storage-driver", "vfs",
            .. arguments,
        ];
        output.WriteLine($"$ {name} {string.Join(' ', all)}");
        var environment = new Dictionary<string, string?>
        {
            ["REGISTRY_AUTH_FILE"] = AuthFile,
            ["DOCKER_CONFIG"] = Path.Combine(workDirectory, "docker-config"),
        };
        var result = await ProcessRunner.RunAsync(executable, all, environment, standardInput, TimeSpan.FromMinutes(CommandTimeoutMinutes));
        output.WriteLine(result.Describe().Replace(server.AdminPassword, "***", StringComparison.Ordinal));
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_runRoot, recursive: true);
        }
        catch (IOException)
        {
            // A leftover lock file in /tmp is harmless.
        }
    }
}
