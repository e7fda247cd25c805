using Mcr.EndToEnd.Tests.Harness;

namespace Mcr.EndToEnd.Tests.Deployment;

/// <summary>
/// A real systemd (the host's own, version and all) booted as PID 1 of a podman container, on a root
/// directory of the test's: the host's <c>/usr</c> read-only, everything else (<c>/etc</c>, <c>/srv</c>,
/// <c>/usr/local</c>) in <see cref="Root"/>, where install.sh installs with <c>DESTDIR</c>. The host network, so
/// the registry it runs listens on the host's loopback. Commands run in it as an operator types them
/// (<see cref="RunAsync"/>: <c>podman exec</c>). The image store is private and the container is removed on dispose.
/// </summary>
public sealed class SystemdMachine : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _podman;
    private readonly string[] _global;
    private readonly string _runRoot;
    private readonly string _storage;
    private readonly string _name = $"mcr-systemd-{Guid.NewGuid():N}"[..24];
    private bool _started;

    public SystemdMachine(string workDirectory, ITestOutputHelper output)
    {
        _output = output;
        _podman = Tool.Require("podman", "podman", output);
        Root = Path.Combine(workDirectory, "root");
        // podman refuses a run root longer than 50 characters.
        _runRoot = Directory.CreateTempSubdirectory("mcrs-").FullName;
        _storage = Path.Combine(workDirectory, "podman");
        _global = ["--root", _storage, "--runroot", _runRoot, "--storage-driver", "vfs", .. Runtime()];
        WriteRoot();
    }

    /// <summary>The machine's <c>/</c> on the host (its <c>/usr</c> is the host's, mounted read-only).</summary>
    public string Root { get; }

    /// <summary>A path of the machine (<c>/srv/mcr/mcr.db</c>) as the host sees it.</summary>
    public string HostPath(string path) => Path.Combine(Root, path.TrimStart('/'));

    /// <summary>Boots systemd and waits until it has started its units.</summary>
    public async Task BootAsync()
    {
        var run = await PodmanAsync(
        [
            "run", "-d", "--name", _name, "--privileged", "--systemd=always", "--network", "host",
            // limits no higher than ours: a sandbox without CAP_SYS_RESOURCE cannot raise them
            "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096",
            .. UsrMounts(),
            "--rootfs", Root, "/lib/systemd/systemd",
        ]);
        Assert.True(run.Succeeded, $"podman run of systemd: {run.Describe()}");
        _started = true;
        // Until systemd has opened its bus, systemctl cannot ask it anything; then --wait waits for the boot.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        ProcessResult state;
        while (true)
        {
            state = await RunAsync("systemctl", "is-system-running", "--wait");
            if (state.StandardOutput.Trim() is "running" or "degraded" || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(250);
        }
        Assert.True(state.StandardOutput.Trim() is "running" or "degraded", $"systemd did not come up: {state.Describe()}");
    }

    /// <summary>A command in the machine, as root, as an operator would type it.</summary>
    public Task<ProcessResult> RunAsync(params string[] command) => PodmanAsync(["exec", _name, .. command]);

    /// <summary>One property of a unit (<c>systemctl show -p NAME --value</c>).</summary>
    public async Task<string> PropertyAsync(string unit, string property) =>
        (await RunAsync("systemctl", "show", unit, "-p", property, "--value")).StandardOutput.Trim();

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await PodmanAsync(["rm", "-f", "-t", "5", _name]);
        }
        // podman's clean-up after the container may still be writing for a moment.
        foreach (var directory in new[] { _storage, _runRoot })
        {
            for (var attempt = 1; Directory.Exists(directory); attempt++)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException) when (attempt < 10)
                {
                    await Task.Delay(300);
                }
                catch (IOException)
                {
                    break; // left in the temp folder
                }
            }
        }
    }

    private Task<ProcessResult> PodmanAsync(IEnumerable<string> arguments) =>
        DeployFiles.RunAsync(_output, _podman, [.. _global, .. arguments], timeout: TimeSpan.FromMinutes(2));

    /// <summary>
    /// The host's /usr read-only, one directory at a time, except /usr/local: that is the machine's own (the
    /// install's prefix). A mount of /usr/local on top of a mount of /usr is not kept apart by podman.
    /// </summary>
    private string[] UsrMounts() =>
    [
        .. Directory.EnumerateFileSystemEntries("/usr").Where(p => p != "/usr/local").Order(StringComparer.Ordinal)
            .SelectMany(p => new[] { "-v", $"{p}:{p}:ro" }),
        "-v", $"{HostPath("/usr/local")}:/usr/local",
    ];

    /// <summary>
    /// runc where it is installed: crun (podman's default) refuses a hybrid cgroup hierarchy whose cgroup v2 tree
    /// has a controller, as on this project's machines.
    /// </summary>
    private static string[] Runtime() => Tool.Find("runc") is { } runc ? ["--runtime", runc] : [];

    /// <summary>The root directory: the merged-/usr links, and the few files of /etc that systemd and runuser read.</summary>
    private void WriteRoot()
    {
        foreach (var directory in new[] { "usr", "usr/local", "etc/systemd/system", "run", "tmp", "var/lib", "var/log", "var/tmp", "root", "srv", "proc", "sys", "dev" })
        {
            Directory.CreateDirectory(HostPath(directory));
        }
        foreach (var link in new[] { "bin", "sbin", "lib", "lib64" })
        {
            if (Directory.Exists($"/usr/{link}"))
            {
                File.CreateSymbolicLink(HostPath(link), $"usr/{link}");
            }
        }
        File.Copy(File.Exists("/etc/os-release") ? "/etc/os-release" : "/usr/lib/os-release", HostPath("/etc/os-release"));
        File.WriteAllText(HostPath("/etc/machine-id"), "");
        File.WriteAllText(HostPath("/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(HostPath("/etc/group"), "root:x:0:\n");
        File.WriteAllText(HostPath("/etc/shadow"), "root:*:1::::::\n");
        File.WriteAllText(HostPath("/etc/gshadow"), "root:*::\n");
        File.SetUnixFileMode(HostPath("/etc/shadow"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(HostPath("/etc/gshadow"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        foreach (var file in new[] { "/etc/login.defs", "/etc/nsswitch.conf" })
        {
            if (File.Exists(file))
            {
                File.Copy(file, HostPath(file));
            }
        }
        // runuser (the README's way to run mcrsrv commands as mcr) goes through PAM.
        foreach (var directory in new[] { "/etc/pam.d", "/etc/security" })
        {
            if (Directory.Exists(directory))
            {
                CopyDirectory(directory, HostPath(directory));
            }
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
