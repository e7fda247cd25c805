using System.Text.Json;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Deployment;

/// <summary>
/// deploy/scripts/metacircular.sh against a real mcrsrv: the image built offline from the binary under test is
/// pushed into this registry, pulled back by podman into an empty store, run with <c>podman run</c>, and the
/// registry inside answers /v2/ and accepts a push of its own image. The pulled image's configuration is then
/// compared with the final stage of deploy/docker/mcrsrv.Dockerfile, which this machine cannot build (no
/// base images): the two must describe the same image.
/// </summary>
public sealed class MetacircularTests(McrProcess server, ITestOutputHelper output) : IClassFixture<McrProcess>, IDisposable
{
    private readonly IDisposable _attached = server.AttachOutput(output);
    private readonly TempDirectory _work = new("mcr-meta");

    [SkippableFact]
    public async Task Image_BuiltOffline_PushedPulledAndRun_ServesAndAcceptsAPush()
    {
        Tool.RequireRoot("podman run with a volume owned by uid 10001", output);
        var native = Tool.RequireNativeServer(output);
        foreach (var (tool, package) in new[] { ("buildah", "buildah"), ("podman", "podman"), ("curl", "curl"), ("runc", "runc") })
        {
            Tool.Require(tool, package, output);
        }
        var programs = DeployFiles.StagePrograms(_work.Path, native);
        var inspect = _work.Combine("inspect.json");

        var result = await DeployFiles.RunAsync(output, DeployFiles.Path("scripts", "metacircular.sh"),
            ["--registry", server.Host, "--user", server.AdminUser, "--port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--from", programs, "--work", _work.Combine("work"), "--inspect-out", inspect],
            standardInput: server.AdminPassword + "\n", timeout: TimeSpan.FromMinutes(3), secret: server.AdminPassword);

        Assert.True(result.Succeeded, $"metacircular.sh: {result.Describe()}");
        Assert.Contains("metacircular: OK", result.StandardOutput, StringComparison.Ordinal);
        using var pulled = JsonDocument.Parse(await File.ReadAllTextAsync(inspect));
        AssertSameConfiguration(DockerfileFinalStage(DeployFiles.Path("docker", "mcrsrv.Dockerfile")), pulled.RootElement[0]);
    }

    public void Dispose()
    {
        _attached.Dispose();
        _work.Dispose();
    }

    private static void AssertSameConfiguration(IReadOnlyList<(string Instruction, string Arguments)> dockerfile, JsonElement image)
    {
        var config = image.GetProperty("Config");
        string Single(string instruction) => dockerfile.Single(i => i.Instruction == instruction).Arguments;
        string[] JsonArray(string text) => JsonSerializer.Deserialize<string[]>(text)!;
        string[] Strings(JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetString()!)];

        Assert.Equal(Single("USER"), config.GetProperty("User").GetString());
        Assert.Equal(Single("WORKDIR"), config.GetProperty("WorkingDir").GetString());
        Assert.Equal(Single("STOPSIGNAL"), config.GetProperty("StopSignal").GetString());
        Assert.Equal([Single("VOLUME")], config.GetProperty("Volumes").EnumerateObject().Select(p => p.Name));
        Assert.Equal(Single("EXPOSE").Split(' ').Select(p => $"{p}/tcp"), config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonArray(Single("ENTRYPOINT")), Strings(config.GetProperty("Entrypoint")));
        Assert.Equal(JsonArray(Single("CMD")), Strings(config.GetProperty("Cmd")));
        foreach (var variable in dockerfile.Where(i => i.Instruction == "ENV").Select(i => i.Arguments))
        {
            Assert.Contains(variable, Strings(config.GetProperty("Env")));
        }

        // HEALTHCHECK --interval=30s … CMD ["mcrsrv", "health", …]
        var healthcheck = Single("HEALTHCHECK");
        var command = healthcheck[(healthcheck.IndexOf(" CMD ", StringComparison.Ordinal) + 5)..];
        var health = image.GetProperty("Healthcheck");
        Assert.Equal(["CMD", .. JsonArray(command)], Strings(health.GetProperty("Test")));
        foreach (var (option, property) in new[] { ("interval", "Interval"), ("timeout", "Timeout"), ("start-period", "StartPeriod") })
        {
            var seconds = Option(healthcheck, option).TrimEnd('s');
            Assert.Equal(long.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) * 1_000_000_000, health.GetProperty(property).GetInt64());
        }
        Assert.Equal(int.Parse(Option(healthcheck, "retries"), System.Globalization.CultureInfo.InvariantCulture), health.GetProperty("Retries").GetInt32());

        // The same OCI labels (their values come from build arguments in one and the binary in the other).
        var labels = config.GetProperty("Labels").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var label in dockerfile.Where(i => i.Instruction == "LABEL").SelectMany(i => LabelNames(i.Arguments)))
        {
            Assert.Contains(label, labels);
        }
        Assert.Equal("mcrsrv", config.GetProperty("Labels").GetProperty("org.opencontainers.image.title").GetString());
    }

    private static string Option(string healthcheck, string name) =>
        healthcheck.Split(' ').Single(p => p.StartsWith($"--{name}=", StringComparison.Ordinal))[(name.Length + 3)..];

    private static IEnumerable<string> LabelNames(string arguments) =>
        arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Contains('=', StringComparison.Ordinal)).Select(p => p[..p.IndexOf('=', StringComparison.Ordinal)]);

    /// <summary>The instructions after the last FROM, with continuation lines joined and comments dropped.</summary>
    private static List<(string Instruction, string Arguments)> DockerfileFinalStage(string path)
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }
            pending += line.EndsWith('\\') ? line[..^1].TrimEnd() + " " : line;
            if (line.EndsWith('\\'))
            {
                continue;
            }
            var space = pending.IndexOf(' ', StringComparison.Ordinal);
            var instruction = pending[..space].ToUpperInvariant();
            if (instruction == "FROM")
            {
                instructions.Clear();
            }
            instructions.Add((instruction, string.Join(' ', pending[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))));
            pending = "";
        }
        return instructions;
    }
}
