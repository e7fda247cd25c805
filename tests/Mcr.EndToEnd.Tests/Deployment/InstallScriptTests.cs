using Mcr.EndToEnd.Tests.Harness;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Deployment;

/// <summary>
/// deploy/scripts/install.sh into a staging root (<c>DESTDIR</c>), with the Native AOT binary under test:
/// what it creates, that a second run changes nothing at all (same files, inodes and times), that an
/// operator's configuration survives, and that <c>--prefix</c> moves the programs and the units' ExecStart.
/// </summary>
public sealed class InstallScriptTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _work = new("mcr-install");

    [SkippableFact]
    public async Task Install_Twice_SameTreeAndNothingOverwritten()
    {
        var programs = DeployFiles.StagePrograms(_work.Path, Tool.RequireNativeServer(output));
        var root = _work.Combine("root");

        var first = await InstallAsync(root, programs);
        var afterFirst = await DeployFiles.SnapshotTreeAsync(root);
        var second = await InstallAsync(root, programs);
        var afterSecond = await DeployFiles.SnapshotTreeAsync(root);

        Assert.Equal(afterFirst, afterSecond);
        Assert.Contains("created user mcr", first.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("user mcr exists", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("mcrsrv in /usr/local/lib/mcr is up to date", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("kept the existing /srv/mcr/mcr.toml", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("skipped mcr-web", first.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("skipped mcrctl", first.StandardOutput, StringComparison.Ordinal);

        Assert.Contains("mcr:x:10001:10001:MCR container registry:/srv/mcr:/usr/sbin/nologin", File.ReadAllLines(Path.Combine(root, "etc", "passwd")));
        Assert.Contains("mcr:x:10001:", File.ReadAllLines(Path.Combine(root, "etc", "group")));
        Assert.Equal("d 700 10001:10001", DeployFiles.Describe(afterFirst, "srv/mcr"));
        foreach (var directory in new[] { "tls", "layers", "uploads", "snapshots" })
        {
            Assert.Equal("d 700 10001:10001", DeployFiles.Describe(afterFirst, $"srv/mcr/{directory}"));
        }
        Assert.Equal("f 640 0:10001", DeployFiles.Describe(afterFirst, "srv/mcr/mcr.toml"));
        Assert.Equal(await File.ReadAllTextAsync(DeployFiles.Path("examples", "mcr.toml")), await File.ReadAllTextAsync(Path.Combine(root, "srv", "mcr", "mcr.toml")));
        Assert.Equal("f 755 0:0", DeployFiles.Describe(afterFirst, "usr/local/lib/mcr/mcrsrv"));
        Assert.Equal("f 755 0:0", DeployFiles.Describe(afterFirst, "usr/local/lib/mcr/libe_sqlite3.so"));
        Assert.DoesNotContain(afterFirst, e => e.StartsWith("usr/local/lib/mcr/mcrsrv.dbg", StringComparison.Ordinal));
        Assert.Equal("../lib/mcr/mcrsrv", new FileInfo(Path.Combine(root, "usr", "local", "bin", "mcrsrv")).LinkTarget);
        foreach (var unit in new[] { "mcr.service", "mcr-backup.service", "mcr-backup.timer" })
        {
            Assert.Equal(await File.ReadAllTextAsync(DeployFiles.Path("systemd", unit)), await File.ReadAllTextAsync(Path.Combine(root, "etc", "systemd", "system", unit)));
        }
        Assert.False(File.Exists(Path.Combine(root, "etc", "systemd", "system", "mcr-web.service")), "mcr-web.service without mcr-web");

        // The installed program runs from its link.
        var version = await DeployFiles.RunAsync(output, Path.Combine(root, "usr", "local", "bin", "mcrsrv"), ["--version"]);
        Assert.True(version.Succeeded, version.Describe());
    }

    [SkippableFact]
    public async Task Install_Again_KeepsTheOperatorsConfiguration_AndInstallsProgramsThatAppeared()
    {
        var programs = DeployFiles.StagePrograms(_work.Path, Tool.RequireNativeServer(output));
        var root = _work.Combine("root");
        await InstallAsync(root, programs);
        var config = Path.Combine(root, "srv", "mcr", "mcr.toml");
        const string Edited = "# the operator's own configuration\n[server]\nlisten_addr = \":443\"\n";
        await File.WriteAllTextAsync(config, Edited);
        var certificate = Path.Combine(root, "srv", "mcr", "tls", "cert.pem");
        await File.WriteAllTextAsync(certificate, "the operator's certificate");
        // mcrctl and mcr-web published since the last run (stand-ins: the projects are not there yet)
        foreach (var program in new[] { "mcrctl", "mcr-web" })
        {
            Directory.CreateDirectory(Path.Combine(programs, program));
            var file = Path.Combine(programs, program, program);
            await File.WriteAllTextAsync(file, $"#!/bin/sh\necho {program}\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await File.WriteAllTextAsync(Path.Combine(programs, program, $"{program}.dbg"), "symbols");
        }

        var again = await InstallAsync(root, programs);

        Assert.Equal(Edited, await File.ReadAllTextAsync(config));
        Assert.Equal("the operator's certificate", await File.ReadAllTextAsync(certificate));
        var tree = await DeployFiles.SnapshotTreeAsync(root);
        Assert.Equal("f 755 0:0", DeployFiles.Describe(tree, "usr/local/lib/mcrctl/mcrctl"));
        Assert.Equal("f 755 0:0", DeployFiles.Describe(tree, "usr/local/lib/mcr-web/mcr-web"));
        Assert.DoesNotContain(tree, e => e.Contains(".dbg", StringComparison.Ordinal));
        Assert.Equal("../lib/mcr-web/mcr-web", new FileInfo(Path.Combine(root, "usr", "local", "bin", "mcr-web")).LinkTarget);
        Assert.Equal(await File.ReadAllTextAsync(DeployFiles.Path("systemd", "mcr-web.service")),
            await File.ReadAllTextAsync(Path.Combine(root, "etc", "systemd", "system", "mcr-web.service")));
        Assert.Contains("mcr-web.service", again.StandardOutput, StringComparison.Ordinal);

        // A program removed from the published directory is removed from the installed one.
        File.Delete(Path.Combine(programs, "mcrctl", "mcrctl"));
        await File.WriteAllTextAsync(Path.Combine(programs, "mcrctl", "mcrctl"), "#!/bin/sh\necho new\n");
        File.SetUnixFileMode(Path.Combine(programs, "mcrctl", "mcrctl"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await InstallAsync(root, programs);
        Assert.Equal("#!/bin/sh\necho new\n", await File.ReadAllTextAsync(Path.Combine(root, "usr", "local", "lib", "mcrctl", "mcrctl")));
    }

    [SkippableFact]
    public async Task Install_WithPrefix_ProgramsAndExecStartFollowIt()
    {
        var programs = DeployFiles.StagePrograms(_work.Path, Tool.RequireNativeServer(output));
        var root = _work.Combine("root");

        await InstallAsync(root, programs, "--prefix", "/opt/mcr");

        Assert.True(File.Exists(Path.Combine(root, "opt", "mcr", "lib", "mcr", "mcrsrv")));
        Assert.False(Directory.Exists(Path.Combine(root, "usr", "local")));
        var unit = await File.ReadAllTextAsync(Path.Combine(root, "etc", "systemd", "system", "mcr.service"));
        Assert.Contains("ExecStart=/opt/mcr/bin/mcrsrv server --config /srv/mcr/mcr.toml", unit, StringComparison.Ordinal);
        Assert.DoesNotContain("/usr/local/", unit, StringComparison.Ordinal);
        var backup = await File.ReadAllTextAsync(Path.Combine(root, "etc", "systemd", "system", "mcr-backup.service"));
        Assert.Contains("ExecStart=/opt/mcr/bin/mcrsrv snapshot --config /srv/mcr/mcr.toml", backup, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Install_WithoutAPublishedServer_FailsAndSaysHowToPublishIt()
    {
        Tool.RequireRoot("install.sh creates a user and sets owners", output);

        var result = await DeployFiles.RunAsync(output, DeployFiles.Path("scripts", "install.sh"), ["--from", _work.Combine("nothing")],
            new Dictionary<string, string?> { ["DESTDIR"] = _work.Combine("root") });

        Assert.False(result.Succeeded);
        Assert.Contains("dotnet publish src/Mcr.Server -c Release", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_work.Combine("root")), "nothing is installed");
    }

    public void Dispose() => _work.Dispose();

    private async Task<ProcessResult> InstallAsync(string root, string programs, params string[] extra)
    {
        Tool.RequireRoot("install.sh creates a user and sets owners", output);
        var result = await DeployFiles.RunAsync(output, DeployFiles.Path("scripts", "install.sh"), ["--from", programs, .. extra],
            new Dictionary<string, string?> { ["DESTDIR"] = root });
        Assert.True(result.Succeeded, $"install.sh: {result.Describe()}");
        return result;
    }
}
