using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Mcr.Testing;

namespace Mcr.EndToEnd.Tests.Harness;

/// <summary>
/// Class fixture: the real <c>mcrsrv server --dev</c> as a separate process on 127.0.0.1:&lt;free port&gt; with a
/// temp data directory and a random admin password. Its output goes to the attached test's output; the
/// process tree is killed on dispose. Before it starts, <see cref="ConfigFile"/> and <see cref="Launch"/> make
/// it <c>mcrsrv server --config FILE</c> of another binary (an installed one, say).
/// </summary>
public sealed class McrProcess : IAsyncLifetime, IRegistryAccount
{
    /// <summary>
    /// Names the server under test: an <c>mcrsrv.dll</c>, or the Native AOT executable, which is how CI
    /// tests the release artifact. Unset: the mcrsrv.dll built with these tests.
    /// </summary>
    public const string ServerVariable = "MCR_E2E_SERVER";

    private const int StartupTimeoutSeconds = 60;
    private const int MaxStartAttempts = 3;

    private readonly TempDirectory _data = new("mcr-e2e-data");
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _outputLock = new();
    private ITestOutputHelper? _output;
    private Process? _process;
    private string? _certificatePath;

    public string AdminUser => "admin";

    /// <summary>Random per process; never printed.</summary>
    public string AdminPassword { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:port</c>, the registry host as clients name it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The gRPC admin API's port (<c>server.grpc_addr</c>).</summary>
    public int GrpcPort { get; private set; }

    /// <summary><c>127.0.0.1:port</c> of the gRPC admin API.</summary>
    public string GrpcHost => $"127.0.0.1:{GrpcPort}";

    public string DataDirectory => _data.Path;

    /// <summary>Everything the server printed so far.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary><c>MCR_*</c> overrides for the server (e.g. the GC grace period), set before it starts.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>
    /// Set before it starts: <c>server --config FILE</c> instead of <c>--dev --data</c> (commands too). The file's
    /// <c>server.tls_cert</c> must be <see cref="CertificatePath"/>; <c>MCR_SERVER_LISTEN_ADDR</c> still sets the port.
    /// </summary>
    public string? ConfigFile { get; set; }

    /// <summary>The certificate the server presents (pinned by <see cref="CreateHttpClient"/>); default the dev one.</summary>
    public string CertificatePath
    {
        get => _certificatePath ?? Path.Combine(_data.Path, "tls", "cert.pem");
        set => _certificatePath = value;
    }

    /// <summary>Set before it starts: the program to run instead of the one <see cref="ServerVariable"/> names.</summary>
    public ServerLaunch? Launch { get; set; }

    public async Task InitializeAsync()
    {
        var server = Server();
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            GrpcPort = FreePort.Next();
            _process = Start(server);
            var failure = await WaitUntilHealthyAsync(_process);
            if (failure is null)
            {
                return;
            }
            var exited = _process.HasExited;
            Kill(_process);
            // A process that exited may have lost the race for the port: try another one.
            if (!exited || attempt == MaxStartAttempts)
            {
                throw new InvalidOperationException($"{failure} ({server}, port {Port}).\nServer output:\n{Output}");
            }
            Record($"[e2e] attempt {attempt} failed ({failure}); retrying on another port");
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no drain, as a power cut or the OOM killer would stop it.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            Kill(process);
            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Starts the server again on the same data directory and port (after <see cref="KillAsync"/>).</summary>
    public async Task RestartAsync()
    {
        var server = Server();
        for (var attempt = 1; ; attempt++)
        {
            _process = Start(server);
            var failure = await WaitUntilHealthyAsync(_process);
            if (failure is null)
            {
                return;
            }
            Kill(_process);
            if (attempt == MaxStartAttempts)
            {
                throw new InvalidOperationException($"restart failed: {failure} ({server}, port {Port}).\nServer output:\n{Output}");
            }
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// SIGTERM, as <c>systemctl stop</c> or Ctrl+C would stop it: requests in flight finish, the audit queue
    /// drains. Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync()
    {
        if (_process is not { } process)
        {
            throw new InvalidOperationException("the server is not running");
        }
        var signal = await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string?>(), null, TimeSpan.FromSeconds(10));
        Assert.True(signal.Succeeded, $"kill -TERM failed: {signal.Describe()}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var exitCode = process.ExitCode;
        process.Dispose();
        _process = null;
        return exitCode;
    }

    /// <summary>Sends the server's output to a test's output until the returned scope is disposed.</summary>
    public IDisposable AttachOutput(ITestOutputHelper output)
    {
        lock (_outputLock)
        {
            _output = output;
        }
        return new Detach(this);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            Kill(_process);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
        _data.Dispose();
    }

    private Process Start(ServerLaunch server)
    {
        var startInfo = new ProcessStartInfo(server.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _data.Path,
        };
        foreach (var argument in server.LeadingArguments.Concat(["server", .. SettingsArguments()]))
        {
            startInfo.ArgumentList.Add(argument);
        }
        // Only our overrides: an MCR_* variable of the developer's shell must not change the server under test.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("MCR_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }
        startInfo.Environment["MCR_SERVER_LISTEN_ADDR"] = Host;
        startInfo.Environment["MCR_SERVER_GRPC_ADDR"] = GrpcHost;
        startInfo.Environment["MCR_ADMIN_PASSWORD"] = AdminPassword;
        foreach (var (key, value) in Environment)
        {
            startInfo.Environment[key] = value;
        }
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data is null ? null : $"[stderr] {e.Data}");
        process.Start();
        // Safety net: a test run that is aborted before fixtures are disposed must not leave a server behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Null once <c>GET /v1/health</c> answers 200; otherwise why the server never got there.</summary>
    private async Task<string?> WaitUntilHealthyAsync(Process process)
    {
        using var client = PinnedCertificateHttp.CreateClient(CertificatePath, TimeSpan.FromSeconds(5));
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < TimeSpan.FromSeconds(StartupTimeoutSeconds))
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // flush the output events
                return $"mcrsrv exited with code {process.ExitCode} before GET /v1/health answered";
            }
            try
            {
                using var response = await client.GetAsync(new Uri($"https://{Host}/v1/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return null;
                }
                last = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException)
            {
                last = "request timed out";
            }
            await Task.Delay(200);
        }
        return $"GET /v1/health did not answer 200 within {StartupTimeoutSeconds} s (last: {last})";
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        lock (_outputLock)
        {
            try
            {
                _output?.WriteLine($"[mcrsrv] {line}");
            }
            catch (InvalidOperationException)
            {
                _output = null; // that test has finished
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>
    /// Runs an <c>mcrsrv</c> command (e.g. <c>account add …</c>) on this server's data directory, as an operator
    /// would on the same machine while the server runs.
    /// </summary>
    public Task<ProcessResult> RunCommandAsync(string? standardInput, params string[] arguments)
    {
        var server = Server();
        string[] all = [.. server.LeadingArguments, .. arguments, .. SettingsArguments()];
        var environment = new Dictionary<string, string?> { ["MCR_SERVER_LISTEN_ADDR"] = Host, ["MCR_SERVER_GRPC_ADDR"] = GrpcHost };
        return ProcessRunner.RunAsync(server.Program, all, environment, standardInput, TimeSpan.FromMinutes(2));
    }

    /// <summary>An HTTPS client that trusts exactly this server's certificate, addressed at it.</summary>
    public HttpClient CreateHttpClient()
    {
        var client = PinnedCertificateHttp.CreateClient(CertificatePath, TimeSpan.FromSeconds(30));
        client.BaseAddress = new Uri($"https://{Host}");
        return client;
    }

    private ServerLaunch Server() => Launch ?? ServerLocator.Find(ServerVariable, typeof(McrProcess).Assembly);

    private string[] SettingsArguments() => ConfigFile is { } file ? ["--config", file] : ["--dev", "--data", _data.Path];

    private sealed class Detach(McrProcess owner) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._outputLock)
            {
                owner._output = null;
            }
        }
    }
}
