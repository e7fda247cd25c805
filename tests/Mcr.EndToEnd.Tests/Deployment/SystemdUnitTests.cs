using System.Globalization;
using System.Text.RegularExpressions;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Deployment;

/// <summary>
/// deploy/systemd as shipped: <c>systemd-analyze verify</c> accepts every unit, <c>systemd-analyze security</c>
/// scores the services within the figures docs/deployment.md gives, and the timer fires daily at 02:00 UTC with
/// up to 5 minutes of jitter. verify also checks that ExecStart names an executable, and the programs are not
/// installed on the test machine: the copies checked here point at stand-ins. <see cref="SystemdServiceTests"/>
/// runs the same units under a real systemd with the real programs.
/// </summary>
public sealed partial class SystemdUnitTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The exposure scores may not get worse than this (lower is better; docs/deployment.md lists them).</summary>
    private static readonly Dictionary<string, double> _maxExposure = new()
    {
        ["mcr.service"] = 1.2,
        ["mcr-web.service"] = 1.2,
        ["mcr-backup.service"] = 0.5,
    };

    private readonly TempDirectory _work = new("mcr-units");

    public static IEnumerable<string> Units => Directory.EnumerateFiles(DeployFiles.Path("systemd")).Select(Path.GetFileName).Order()!;

    [SkippableFact]
    public async Task Verify_EveryUnit_Passes()
    {
        var analyze = Tool.Require("systemd-analyze", "systemd", output);
        var staged = StageUnits();

        var result = await DeployFiles.RunAsync(output, analyze, ["verify", .. Units.Select(u => Path.Combine(staged, u))]);

        Assert.True(result.Succeeded, $"systemd-analyze verify: {result.Describe()}");
        Assert.Equal(["mcr-backup.service", "mcr-backup.timer", "mcr-web.service", "mcr.service"], Units);
    }

    [SkippableFact]
    public async Task Security_EveryService_WithinItsExposureScore()
    {
        var analyze = Tool.Require("systemd-analyze", "systemd", output);
        var staged = StageUnits();
        foreach (var (unit, max) in _maxExposure)
        {
            var result = await DeployFiles.RunAsync(output, analyze, ["security", "--offline=true", "--no-pager", Path.Combine(staged, unit)]);
            Assert.True(result.Succeeded, result.Describe());
            var score = double.Parse(ExposureLine().Match(result.StandardOutput).Groups[1].Value, CultureInfo.InvariantCulture);
            output.WriteLine($"{unit}: exposure {score.ToString(CultureInfo.InvariantCulture)} (at most {max.ToString(CultureInfo.InvariantCulture)})");
            Assert.True(score <= max, $"{unit} scores {score}, worse than {max}");
        }
    }

    [SkippableFact]
    public async Task BackupTimer_DailyAt0200Utc_WithFiveMinutesOfJitter_StartsTheSnapshot()
    {
        var analyze = Tool.Require("systemd-analyze", "systemd", output);
        var timer = Directives("mcr-backup.timer");
        var backup = Directives("mcr-backup.service");

        // Shown in UTC, whatever the machine's time zone.
        var calendar = await DeployFiles.RunAsync(output, analyze, ["calendar", "--iterations=2", timer["OnCalendar"]],
            new Dictionary<string, string?> { ["TZ"] = "UTC" });

        Assert.True(calendar.Succeeded, calendar.Describe());
        Assert.Matches(@"Next elapse: \w+ \d{4}-\d\d-\d\d 02:00:00 UTC", calendar.StandardOutput);
        Assert.Matches(@"Iter. #2: \w+ \d{4}-\d\d-\d\d 02:00:00 UTC", calendar.StandardOutput);
        Assert.Equal("5min", timer["RandomizedDelaySec"]);
        Assert.Equal("true", timer["Persistent"]);
        Assert.Equal("mcr-backup.service", timer["Unit"]);
        Assert.Equal("oneshot", backup["Type"]);
        Assert.Equal("/usr/local/bin/mcrsrv snapshot --config /srv/mcr/mcr.toml", backup["ExecStart"]);
    }

    [Fact]
    public void Services_RunAsMcr_Hardened_TheWebUiOnlyReadsTheDataDirectory()
    {
        foreach (var unit in _maxExposure.Keys)
        {
            var directives = Directives(unit);
            Assert.Equal("mcr", directives["User"]);
            Assert.Equal("mcr", directives["Group"]);
            Assert.Equal("yes", directives["NoNewPrivileges"]);
            Assert.Equal("strict", directives["ProtectSystem"]);
            Assert.Equal("yes", directives["ProtectHome"]);
            Assert.Equal("yes", directives["PrivateTmp"]);
            Assert.Equal("", directives["CapabilityBoundingSet"]);
            Assert.Equal("@system-service", directives["SystemCallFilter"]);
        }
        var server = Directives("mcr.service");
        Assert.Equal("notify", server["Type"]);
        Assert.Equal("/usr/local/bin/mcrsrv server --config /srv/mcr/mcr.toml", server["ExecStart"]);
        Assert.Equal("/srv/mcr", server["ReadWritePaths"]);
        Assert.Equal("/srv/mcr", Directives("mcr-backup.service")["ReadWritePaths"]);
        var web = Directives("mcr-web.service");
        Assert.Equal("/srv/mcr", web["ReadOnlyPaths"]);
        Assert.False(web.ContainsKey("ReadWritePaths"), "mcr-web must not write to /srv/mcr");
        Assert.Equal("/usr/local/bin/mcr-web server --config /srv/mcr/mcr.toml", web["ExecStart"]);
    }

    public void Dispose() => _work.Dispose();

    /// <summary>The first value of each directive of a unit (a later SystemCallFilter=~… adds to the first).</summary>
    private static Dictionary<string, string> Directives(string unit)
    {
        var directives = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(DeployFiles.Path("systemd", unit)))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && !line.StartsWith('#'))
            {
                directives.TryAdd(line[..equals].Trim(), line[(equals + 1)..].Trim());
            }
        }
        return directives;
    }

    /// <summary>Copies of the units whose ExecStart programs (<c>/usr/local/bin/…</c>) are stand-ins in a temp bin/.</summary>
    private string StageUnits()
    {
        var bin = _work.Combine("bin");
        var units = _work.Combine("units");
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(units);
        foreach (var program in new[] { "mcrsrv", "mcr-web" })
        {
            var standIn = Path.Combine(bin, program);
            File.WriteAllText(standIn, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        foreach (var unit in Units)
        {
            var text = File.ReadAllText(DeployFiles.Path("systemd", unit)).Replace("/usr/local/bin/", bin + "/", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(units, unit), text);
        }
        return units;
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex ExposureLine();
}
