using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.Testing;

namespace Mcr.Web.Tests.Harness;

/// <summary>
/// The whole stack as an operator runs it: a real <c>mcrsrv server --dev</c> process (the end-to-end harness's
/// <see cref="McrProcess"/>) with seeded repositories, a <c>user</c> account, and a real <c>mcr-web server --dev</c>
/// process on the same data directory (it finds the registry's certificate there, as the README's one command does).
/// </summary>
public sealed class WebStack : IAsyncLifetime
{
    /// <summary>Names the mcr-web under test (an <c>mcr-web.dll</c>); unset: the one built with these tests.</summary>
    public const string WebVariable = "MCR_E2E_WEB";

    public const string UserName = "alice";
    public const string UserPassword = "alice-password-for-tests";

    private readonly ConcurrentQueue<string> _webLines = new();
    private Process? _web;

    public McrProcess Registry { get; } = new();

    public int WebPort { get; private set; }

    public Uri WebAddress => new($"https://127.0.0.1:{WebPort}");

    /// <summary>team/app:1.0 and :latest, a linux/amd64 + linux/arm64 index.</summary>
    public Pushed MultiArch { get; private set; } = null!;

    public Pushed Sbom { get; private set; } = null!;

    public Pushed Signature { get; private set; } = null!;

    /// <summary>team/api:v1, the image a tag of it points at.</summary>
    public Pushed ApiV1 { get; private set; } = null!;

    /// <summary>What mcr-web printed so far.</summary>
    public string WebOutput => string.Join('\n', _webLines);

    public string CertificatePath => Path.Combine(Registry.DataDirectory, "tls", "cert.pem");

    public async Task InitializeAsync()
    {
        await Registry.InitializeAsync();
        await SeedAsync();
        var user = await Registry.RunCommandAsync(UserPassword + "\n", "account", "add", UserName, "--role", "user", "--password-stdin");
        if (user.ExitCode != 0)
        {
            throw new InvalidOperationException($"account add failed: {user.StandardOutput} {user.StandardError}");
        }
        await StartWebAsync();
    }

    public async Task DisposeAsync()
    {
        if (_web is not null)
        {
            try
            {
                _web.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            await _web.WaitForExitAsync();
            _web.Dispose();
        }
        await Registry.DisposeAsync();
    }

    /// <summary>A client of mcr-web that trusts its certificate, keeps cookies and does not follow redirects.</summary>
    public WebClient CreateClient() => new(WebAddress, CertificatePath);

    /// <summary>A client signed in as the admin (or <paramref name="user"/>).</summary>
    public async Task<WebClient> SignedInAsync(string? user = null, string? password = null)
    {
        var client = CreateClient();
        var response = await client.LoginAsync(user ?? Registry.AdminUser, password ?? Registry.AdminPassword);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{WebOutput}");
        }
        return client;
    }

    private async Task SeedAsync()
    {
        using var http = Registry.CreateHttpClient();
        var pusher = await ImagePusher.LoginAsync(http, Registry.AdminUser, Registry.AdminPassword);
        MultiArch = await pusher.PushMultiArchAsync("team/app", "1.0");
        await pusher.TagAsync("team/app", MultiArch, "latest");
        Sbom = await pusher.PushReferrerAsync("team/app", MultiArch, ImagePusher.Sbom);
        Signature = await pusher.PushReferrerAsync("team/app", MultiArch, ImagePusher.Signature);
        ApiV1 = await pusher.PushImageAsync("team/api", "v1");
        foreach (var tag in new[] { "v2", "old-1", "old-2" })
        {
            await pusher.PushImageAsync("team/api", tag, layers: 1);
        }
        await pusher.PushImageAsync("team/worker", "latest", layers: 1);
        await pusher.PushImageAsync("infra/proxy", "2.4", layers: 1);
        await pusher.PushImageAsync("tools", "latest", layers: 1);
        foreach (var tag in new[] { "keep", "drop-1", "drop-2" })
        {
            await pusher.PushImageAsync("browser/app", tag, layers: 1);
        }
    }

    private async Task StartWebAsync()
    {
        var web = ServerLocator.Find(WebVariable, typeof(WebStack).Assembly, "Mcr.Web", "mcr-web");
        for (var attempt = 1; ; attempt++)
        {
            WebPort = FreePort.Next();
            var startInfo = new ProcessStartInfo(web.Program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Registry.DataDirectory,
            };
            foreach (var argument in web.LeadingArguments.Concat(["server", "--dev", "--data", Registry.DataDirectory]))
            {
                startInfo.ArgumentList.Add(argument);
            }
            foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("MCR_", StringComparison.Ordinal)).ToList())
            {
                startInfo.Environment.Remove(key);
            }
            startInfo.Environment["MCR_WEB_LISTEN_ADDR"] = $"127.0.0.1:{WebPort}";
            startInfo.Environment["MCR_WEB_GRPC_ADDR"] = Registry.GrpcHost;
            startInfo.Environment["MCR_SERVER_LISTEN_ADDR"] = Registry.Host;
            startInfo.Environment["MCR_LOG_LEVEL"] = "debug";
            var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) => Record(e.Data);
            process.ErrorDataReceived += (_, e) => Record(e.Data is null ? null : $"[stderr] {e.Data}");
            process.Start();
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _web = process;
            if (await WaitUntilServingAsync(process))
            {
                return;
            }
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"mcr-web did not start ({web}).\nOutput:\n{WebOutput}");
            }
        }
    }

    private async Task<bool> WaitUntilServingAsync(Process process)
    {
        using var client = PinnedCertificateHttp.CreateClient(CertificatePath, TimeSpan.FromSeconds(5));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                return false;
            }
            try
            {
                using var response = await client.GetAsync(new Uri(WebAddress, "/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        return false;
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _webLines.Enqueue(line);
        }
    }
}

/// <summary>One collection: the stack starts once for every class that uses it.</summary>
[CollectionDefinition(Name)]
public sealed class WebStackCollection : ICollectionFixture<WebStack>
{
    public const string Name = "mcr-web stack";
}
