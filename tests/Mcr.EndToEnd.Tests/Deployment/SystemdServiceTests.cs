using System.Globalization;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Images;
using Mcr.EndToEnd.Tests.Skopeo;
using Mcr.Testing;
using Microsoft.Data.Sqlite;

namespace Mcr.EndToEnd.Tests.Deployment;

/// <summary>
/// The README's "Operations" runbook, command for command, on a real systemd (<see cref="SystemdMachine"/>)
/// with the Native AOT binary under test: install.sh, the operator's edits, <c>systemctl enable --now</c>
/// (Type=notify: the start returns once mcrsrv reports ready), pushes, the backup service and its timer, a
/// restore, an upgrade, a refused downgrade and the way back, and a clean stop. The units are the shipped
/// ones with every hardening option in force, so this also proves the server runs under them.
/// </summary>
public sealed class SystemdServiceTests(ITestOutputHelper output) : IDisposable
{
    private const string Config = "/srv/mcr/mcr.toml";
    private const string Mcrsrv = "/usr/local/bin/mcrsrv";

    private readonly TempDirectory _work = new("mcr-systemd");
    private readonly string _password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    [SkippableFact]
    public async Task Runbook_InstallBackupRestoreUpgradeDowngrade_UnderSystemd()
    {
        Tool.RequireRoot("it boots systemd in a container and installs into its root", output);
        var server = Tool.RequireNativeServer(output);
        var skopeoPath = Tool.Require("skopeo", "skopeo", output);
        Tool.Require("runc", "runc", output);
        await using var machine = new SystemdMachine(_work.Path, output);
        var programs = DeployFiles.StagePrograms(_work.Path, server);
        var port = FreePort.Next();
        var registry = new RegistryAccount($"127.0.0.1:{port}", "admin", _password);
        var skopeo = new SkopeoClient(skopeoPath, registry, output, _work.Path);

        // Install (README "Install"): the script, then the operator's edits, a certificate, and the first start.
        await InstallAsync(machine, programs);
        await machine.BootAsync();
        await File.WriteAllTextAsync(machine.HostPath(Config), OperatorsConfiguration(port));
        await WriteAdminPasswordDropInAsync(machine);
        await Run(machine, "runuser", "-u", "mcr", "--", Mcrsrv, "init", "--dir", "/srv/mcr");
        await Run(machine, "systemd-analyze", "verify", "/etc/systemd/system/mcr.service", "/etc/systemd/system/mcr-backup.service",
            "/etc/systemd/system/mcr-backup.timer");
        await Run(machine, "systemctl", "enable", "--now", "mcr.service", "mcr-backup.timer");
        Assert.Equal("active", await machine.PropertyAsync("mcr.service", "ActiveState"));
        Assert.Equal("notify", await machine.PropertyAsync("mcr.service", "Type"));
        Assert.Contains("healthy", (await Run(machine, Mcrsrv, "health", "--config", Config)).StandardOutput, StringComparison.Ordinal);
        var security = await Run(machine, "systemd-analyze", "security", "--no-pager", "mcr.service");
        output.WriteLine($"systemd-analyze security mcr.service (online): {security.StandardOutput.Trim().Split('\n')[^1]}");

        var first = await PushAsync(skopeo, "runbook/app", "v1");

        // Backup (README "Backup"): the timer's service, once by hand, and the timer's next run.
        var stale = machine.HostPath("/srv/mcr/snapshots/mcr-20000101T000000.000Z.db");
        await File.WriteAllTextAsync(stale, "an old snapshot");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-20));
        await Run(machine, "chown", "mcr:mcr", "/srv/mcr/snapshots/mcr-20000101T000000.000Z.db");
        await Run(machine, "systemctl", "start", "mcr-backup.service");
        Assert.Equal("success", await machine.PropertyAsync("mcr-backup.service", "Result"));
        var snapshot = Assert.Single(Directory.GetFiles(machine.HostPath("/srv/mcr/snapshots"), "mcr-*.db"));
        Assert.False(File.Exists(stale), "the backup service deletes snapshots older than 14 days");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(snapshot));
        AssertNextBackupBetween0200And0205Utc(await machine.PropertyAsync("mcr-backup.timer", "NextElapseUSecRealtime"));
        Assert.Contains("mcr-backup.service", (await Run(machine, "systemctl", "list-timers", "--no-pager", "mcr-backup.timer")).StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"/srv/mcr/snapshots/{Path.GetFileName(snapshot)}",
            (await Run(machine, "journalctl", "-u", "mcr-backup", "-o", "cat", "--no-pager")).StandardOutput, StringComparison.Ordinal);

        var second = await PushAsync(skopeo, "runbook/app", "v2");

        // Restore (README "Restore"): stop, copy the snapshot over the database, drop the old WAL, reconcile, start.
        var snapshotInMachine = $"/srv/mcr/snapshots/{Path.GetFileName(snapshot)}";
        await Run(machine, "systemctl", "stop", "mcr");
        await Run(machine, "cp", snapshotInMachine, "/srv/mcr/mcr.db");
        await Run(machine, "rm", "-f", "/srv/mcr/mcr.db-wal", "/srv/mcr/mcr.db-shm");
        await Run(machine, "runuser", "-u", "mcr", "--", Mcrsrv, "gc", "--config", Config, "--reconcile");
        await Run(machine, "systemctl", "start", "mcr");
        Expect.Success(await skopeo.InspectAsync(skopeo.ImageByDigest("runbook/app", first.Manifest.Digest)), "the image pushed before the snapshot");
        Expect.Failure(await skopeo.InspectAsync(skopeo.ImageByDigest("runbook/app", second.Manifest.Digest)), "the image pushed after the snapshot");

        // Upgrade (README "Upgrade"): a restore point, the new programs, a restart; migrations run at start.
        var restorePoint = (await Run(machine, "runuser", "-u", "mcr", "--", Mcrsrv, "snapshot", "--config", Config)).StandardOutput.Trim();
        await InstallAsync(machine, programs);
        await Run(machine, "systemctl", "daemon-reload");
        await Run(machine, "systemctl", "restart", "mcr");
        Assert.Equal("active", await machine.PropertyAsync("mcr.service", "ActiveState"));
        Expect.Success(await skopeo.InspectAsync(skopeo.ImageByDigest("runbook/app", first.Manifest.Digest)), "the image after the upgrade");

        // Downgrade (README "Downgrade"): an older mcrsrv refuses the newer schema (one line, exit 2, no restart
        // loop) and leaves it alone; the way back is the restore point taken before the upgrade.
        await Run(machine, "systemctl", "stop", "mcr");
        var newest = await MarkSchemaAsNewerAsync(machine);
        var refused = await machine.RunAsync("systemctl", "start", "mcr");
        Assert.False(refused.Succeeded, "systemctl start of an mcrsrv older than its database");
        Assert.Equal("failed", await machine.PropertyAsync("mcr.service", "ActiveState"));
        Assert.Equal("2", await machine.PropertyAsync("mcr.service", "ExecMainStatus"));
        Assert.Equal("0", await machine.PropertyAsync("mcr.service", "NRestarts"));
        var journal = await Run(machine, "journalctl", "-u", "mcr", "--no-pager", "-o", "cat");
        Assert.Contains("newer than this mcrsrv knows", journal.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(newest, await NewestMigrationAsync(machine));
        await Run(machine, "cp", restorePoint, "/srv/mcr/mcr.db");
        await Run(machine, "rm", "-f", "/srv/mcr/mcr.db-wal", "/srv/mcr/mcr.db-shm");
        await Run(machine, "systemctl", "start", "mcr");
        Expect.Success(await skopeo.InspectAsync(skopeo.ImageByDigest("runbook/app", first.Manifest.Digest)), "the image after the way back");

        // A clean stop: SIGTERM, requests drained, exit 0.
        await Run(machine, "systemctl", "stop", "mcr");
        Assert.Equal("success", await machine.PropertyAsync("mcr.service", "Result"));
        Assert.Equal("0", await machine.PropertyAsync("mcr.service", "ExecMainStatus"));
    }

    public void Dispose() => _work.Dispose();

    /// <summary>The production example with the edits the runbook asks for, for a machine without MCIAS or DNS.</summary>
    private static string OperatorsConfiguration(int port)
    {
        var text = File.ReadAllText(DeployFiles.Path("examples", "mcr.toml"));
        string Set(string line, string replacement)
        {
            Assert.Contains(line, text, StringComparison.Ordinal);
            return text = text.Replace(line, replacement, StringComparison.Ordinal);
        }
        Set("listen_addr = \":8443\"", $"listen_addr = \"127.0.0.1:{port}\"");
        Set("grpc_addr = \":9443\"", "grpc_addr = \"\"");
        Set("external_url = \"https://registry.example.com:8443\"", "external_url = \"\"");
        Set("server_url = \"https://mcias.example.com:8443\"", "server_url = \"\"");
        Set("ca_cert = \"/srv/mcr/tls/mcias-ca.pem\"", "ca_cert = \"\"");
        return text;
    }

    /// <summary>The first start's admin password, as the README sets it: <c>systemctl edit mcr</c>'s drop-in.</summary>
    private async Task WriteAdminPasswordDropInAsync(SystemdMachine machine)
    {
        var dropIn = machine.HostPath("/etc/systemd/system/mcr.service.d/admin.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(dropIn)!);
        await File.WriteAllTextAsync(dropIn, $"[Service]\nEnvironment=MCR_ADMIN_PASSWORD={_password}\n");
        await Run(machine, "systemctl", "daemon-reload");
    }

    private async Task InstallAsync(SystemdMachine machine, string programs)
    {
        var result = await DeployFiles.RunAsync(output, DeployFiles.Path("scripts", "install.sh"), ["--from", programs],
            new Dictionary<string, string?> { ["DESTDIR"] = machine.Root });
        Assert.True(result.Succeeded, $"install.sh: {result.Describe()}");
    }

    private async Task<WrittenImage> PushAsync(SkopeoClient skopeo, string repository, string tag)
    {
        var layout = _work.Combine($"image-{tag}");
        var image = TestImages.WriteImage(layout, layers: 2);
        Expect.Success(await skopeo.CopyToRegistryAsync($"oci:{layout}:latest", skopeo.Image(repository, tag), "--preserve-digests"),
            $"push of {repository}:{tag}");
        return image;
    }

    private async Task<ProcessResult> Run(SystemdMachine machine, params string[] command)
    {
        var result = await machine.RunAsync(command);
        Assert.True(result.Succeeded, $"{string.Join(' ', command)}: {result.Describe()}");
        return result;
    }

    /// <summary>What a newer MCR's migration leaves behind: a schema version this build does not know.</summary>
    private async Task<long> MarkSchemaAsNewerAsync(SystemdMachine machine)
    {
        await using (var connection = new SqliteConnection($"Data Source={machine.HostPath("/srv/mcr/mcr.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (1000, 'from a newer release', '2030-01-01T00:00:00.000Z')";
            await insert.ExecuteNonQueryAsync();
        }
        // Whatever SQLite left beside the database belongs to mcr, as after the newer server's run.
        await Run(machine, "chown", "-R", "mcr:mcr", "/srv/mcr");
        await Run(machine, "chown", "root:mcr", Config);
        return await NewestMigrationAsync(machine);
    }

    private static async Task<long> NewestMigrationAsync(SystemdMachine machine)
    {
        await using var connection = new SqliteConnection($"Data Source={machine.HostPath("/srv/mcr/mcr.db")};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT max(version) FROM schema_migrations";
        return (long)(await query.ExecuteScalarAsync())!;
    }

    /// <summary><c>Fri 2026-12-04 02:03:11 UTC</c>: OnCalendar 02:00 UTC plus up to RandomizedDelaySec=5min.</summary>
    private static void AssertNextBackupBetween0200And0205Utc(string next)
    {
        Assert.True(DateTime.TryParseExact(next, "ddd yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var when), $"next elapse '{next}'");
        Assert.InRange(when.TimeOfDay, TimeSpan.FromHours(2), TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5));
        Assert.InRange(when - DateTime.UtcNow, TimeSpan.Zero, TimeSpan.FromHours(24.1));
    }
}
