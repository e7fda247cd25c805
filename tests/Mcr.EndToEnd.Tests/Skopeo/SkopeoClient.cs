using Mcr.EndToEnd.Tests.Harness;

namespace Mcr.EndToEnd.Tests.Skopeo;

/// <summary>
/// Runs the real <c>skopeo</c> against one registry (an <see cref="McrProcess"/>, say), isolated from the user's auth files
/// and trust policy, logging each command (password masked) and its output to the test output.
/// </summary>
public sealed class SkopeoClient(string executable, IRegistryAccount server, ITestOutputHelper output, string workDirectory)
{
    private const int CommandTimeoutMinutes = 3;

    /// <summary><c>USER:PASSWORD</c> of the server's admin account, for --creds / --src-creds / --dest-creds.</summary>
    public string Creds => $"{server.AdminUser}:{server.AdminPassword}";

    public string Image(string repository, string tag) => $"docker://{server.Host}/{repository}:{tag}";

    public string ImageByDigest(string repository, string digest) => $"docker://{server.Host}/{repository}@{digest}";

    public Task<ProcessResult> RunAsync(params string[] arguments) => RunWithInputAsync(null, arguments);

    public async Task<ProcessResult> RunWithInputAsync(string? standardInput, params string[] arguments)
    {
        // --insecure-policy: the tests must not depend on the host's /etc/containers/policy.json.
        string[] all = ["--insecure-policy", .. arguments];
        output.WriteLine($"$ skopeo {string.Join(' ', all.Select(Mask))}");
        var environment = new Dictionary<string, string?>
        {
            // Credentials come only from the command line or an explicit --authfile.
            ["REGISTRY_AUTH_FILE"] = Path.Combine(workDirectory, "default-auth.json"),
            ["DOCKER_CONFIG"] = Path.Combine(workDirectory, "docker-config"),
        };
        var result = await ProcessRunner.RunAsync(executable, all, environment, standardInput, TimeSpan.FromMinutes(CommandTimeoutMinutes));
        output.WriteLine(Mask(Truncate(result.Describe())));
        return result;
    }

    /// <summary>copy from a local layout (or registry) to the registry as admin.</summary>
    public Task<ProcessResult> CopyToRegistryAsync(string source, string destination, params string[] extra) =>
        RunAsync(["copy", "--dest-tls-verify=false", "--dest-creds", Creds, .. extra, source, destination]);

    /// <summary>copy from the registry to a local layout as admin.</summary>
    public Task<ProcessResult> CopyFromRegistryAsync(string source, string destination, params string[] extra) =>
        RunAsync(["copy", "--src-tls-verify=false", "--src-creds", Creds, .. extra, source, destination]);

    public Task<ProcessResult> InspectAsync(string image, params string[] extra) =>
        RunAsync(["inspect", "--tls-verify=false", "--creds", Creds, .. extra, image]);

    private string Mask(string text) => text.Replace(server.AdminPassword, "***", StringComparison.Ordinal);

    private static string Truncate(string text) => text.Length <= 20_000 ? text : $"{text[..20_000]}\n… ({text.Length} chars)";
}
