using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Mcr.Testing;

namespace Mcr.Bench.Servers;

/// <summary>
/// Starts <c>mcrsrv server --dev</c> (the build of this harness's configuration) on 127.0.0.1 with a temp
/// data directory and a random admin password, and signs in through <c>GET /v2/token</c>.
/// </summary>
internal static class McrServer
{
    public const string AdminUser = "admin";

    public static async Task<BenchTarget> StartAsync(string serverDll)
    {
        var data = new TempDirectory("mcr-bench-mcr");
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var port = ServerStartup.FreePort();
        var host = $"127.0.0.1:{port}";
        var environment = new Dictionary<string, string>
        {
            ["MCR_SERVER_LISTEN_ADDR"] = host,
            ["MCR_ADMIN_PASSWORD"] = password,
        };
        var process = ServerProcess.Start(DotnetHost(), [serverDll, "server", "--dev", "--data", data.Path], environment, data.Path);
        try
        {
            var baseUri = new Uri($"https://{host}/");
            var certificatePath = Path.Combine(data.Path, "tls", "cert.pem");
            await ServerStartup.WaitForAsync(process, new Uri(baseUri, "/v1/health"), HttpStatusCode.OK, certificatePath, "mcrsrv");
            var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificatePath));
            var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{password}")));
            var bootstrap = new BenchTarget("MCR", baseUri, process, data, certificate, null, basic, "");
            using var client = bootstrap.CreateClient(1, TimeSpan.FromSeconds(30), authenticated: false);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token");
            request.Headers.Authorization = basic;
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var token = body.GetProperty("token").GetString() ?? throw new InvalidOperationException("no token in the /v2/token answer");
            return new BenchTarget("MCR", baseUri, process, data, certificate, new AuthenticationHeaderValue("Bearer", token), basic,
                "bearer token (embedded identity provider, admin; token from GET /v2/token)");
        }
        catch
        {
            await process.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>src/Mcr.Server/bin/&lt;configuration of this build&gt;/&lt;tfm&gt;/mcrsrv.dll</c> under the repository
    /// that holds this harness; <c>MCR_BENCH_SERVER_DLL</c> overrides it.
    /// </summary>
    public static string FindServerDll(out string configuration)
    {
        configuration = typeof(McrServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        if (Environment.GetEnvironmentVariable("MCR_BENCH_SERVER_DLL") is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : throw new FileNotFoundException("MCR_BENCH_SERVER_DLL points at a missing file", explicitPath);
        }
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = baseDirectory.Name;
        for (var directory = baseDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mcr.slnx")))
            {
                var dll = Path.Combine(directory.FullName, "src", "Mcr.Server", "bin", configuration, targetFramework, "mcrsrv.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"build src/Mcr.Server ({configuration}) first", dll);
            }
        }
        throw new DirectoryNotFoundException($"no Mcr.slnx above {baseDirectory.FullName}; set MCR_BENCH_SERVER_DLL");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
}
