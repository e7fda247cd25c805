using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Mcr.Bench;
using Mcr.Bench.Reporting;
using Mcr.Bench.Servers;
using Mcr.Bench.Workloads;
using Mcr.Testing;
using Spectre.Console;

// MCR side by side with the CNCF distribution registry. See bench/README.md.
var options = BenchOptions.Parse(args, out var message);
if (options is null)
{
    Console.Error.WriteLine(message);
    return message == BenchOptions.Usage ? 0 : 2;
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => ServerProcess.KillAll());
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => ServerProcess.KillAll());
AppDomain.CurrentDomain.ProcessExit += (_, _) => ServerProcess.KillAll();

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    console.Profile.Width = Math.Max(console.Profile.Width, 150); // a log file should keep the table readable
}
var total = Stopwatch.StartNew();
void Log(string line) => console.MarkupLineInterpolated($"[grey]{total.Elapsed:mm\\:ss}[/] {line}");

var server = McrServer.Find();
var configuration = ServerLocator.Configuration(typeof(McrServer).Assembly);
if (!server.IsNative && configuration != "Release")
{
    Log($"warning: measuring a {configuration} build of MCR; run with -c Release (bench/run.sh does)");
}
var report = new BenchReport();
report.Environment["mode"] = options.Quick ? "quick (--quick)" : "full";
report.Environment["date (UTC)"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
report.Environment["machine"] = Machine.Describe();
report.Environment["runtime"] = $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}";
report.Environment["MCR"] = server.IsNative
    ? $"{server.ServerPath} (Native AOT, Release), server --dev, log level info"
    : $"{server.ServerPath} (JIT, {configuration}), server --dev, log level info";

var targets = new List<BenchTarget>();
try
{
    Log("starting MCR");
    targets.Add(await McrServer.StartAsync(server));
    var distribution = options.McrOnly ? null : DistributionServer.Find();
    if (distribution is not null)
    {
        Log($"starting {distribution}");
        targets.Add(await DistributionServer.StartAsync(distribution, options.DistributionAuth == "htpasswd"));
        report.Environment["distribution"] = $"{Machine.ToolVersion(distribution)}, filesystem storage, log level warn, access log off";
    }
    else
    {
        report.Environment["distribution"] = options.McrOnly ? "not run (--mcr-only)" : "not installed (apt-get install docker-registry): MCR measured alone";
    }
    foreach (var target in targets)
    {
        report.Environment[$"auth ({target.Name})"] = target.AuthDescription;
    }
    report.Environment["client"] = $"C# HttpClient/SocketsHttpHandler, HTTP/{BenchTarget.HttpVersion} keep-alive, TLS on 127.0.0.1, in this process";

    // Idle: after start-up and a short settle, before any registry traffic but the sign-in.
    await Task.Delay(TimeSpan.FromSeconds(3));
    foreach (var target in targets)
    {
        report.Set("Memory", "idle RSS after start-up", "MiB", false, target.Name, target.Process.ResidentBytes() / 1048576.0);
    }

    if (options.Runs("blob"))
    {
        Log("blob push and pull");
        await BlobWorkload.RunAsync(targets, options, report, Log);
    }
    if (options.Runs("manifest"))
    {
        Log("manifest GET/HEAD and token endpoint");
        await ManifestWorkload.RunAsync(targets, options, report, Log);
    }
    if (options.Runs("listing"))
    {
        Log("catalog and tag list");
        await ListingWorkload.RunAsync(targets, options, report, Log);
    }

    foreach (var target in targets)
    {
        report.Set("Memory", "peak RSS during the run (VmHWM)", "MiB", false, target.Name, target.Process.PeakResidentBytes() / 1048576.0);
    }
    // Report before clean-up: deleting the temp data (tens of thousands of files) takes a while.
    report.Notes.Add("MB/s is 10^6 bytes per second; the blob data is random and different on every push; throughput rows are medians.");
    report.Notes.Add("Client and servers share the machine's cores: the load generator and TLS on the client side take CPU from the server under test.");
    report.Notes.Add("Token endpoint: distribution has none without a separate auth server (n/a).");
    report.Environment["duration"] = $"{total.Elapsed.TotalSeconds:0} s";
    var output = options.OutputPath ?? Path.Combine(Machine.BenchDirectory(), "results", $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
    await ReportWriter.WriteJsonAsync(output, report);
    ReportWriter.WriteTable(console, report);
    console.MarkupLineInterpolated($"JSON: [bold]{output}[/]");
}
finally
{
    foreach (var target in targets)
    {
        await target.DisposeAsync();
    }
}

return 0;
