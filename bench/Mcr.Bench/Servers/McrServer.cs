using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Mcr.Testing;

namespace Mcr.Bench.Servers;

/// <summary>
/// Starts <c>mcrsrv server --dev</c> on 127.0.0.1 with a temp data directory and a random admin password,
/// and signs in through <c>GET /v2/token</c>. The server is the Native AOT executable that bench/run.sh
/// publishes (named by <c>MCR_BENCH_SERVER</c>), or, without it, the mcrsrv.dll of this harness's
/// configuration under the JIT.
/// </summary>
internal static class McrServer
{
    public const string AdminUser = "admin";

    public static async Task<BenchTarget> StartAsync(ServerLaunch server)
    {
        var data = new TempDirectory("mcr-bench-mcr");
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var port = ServerStartup.FreePort();
        var host = $"127.0.0.1:{port}";
        var environment = new Dictionary<string, string>
        {
            ["MCR_SERVER_LISTEN_ADDR"] = host,
            // The benchmarks measure /v2; the gRPC admin API stays off.
            ["MCR_SERVER_GRPC_ADDR"] = "",
            ["MCR_ADMIN_PASSWORD"] = password,
        };
        var process = ServerProcess.Start(server.Program, [.. server.LeadingArguments, "server", "--dev", "--data", data.Path], environment, data.Path);
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

    /// <summary>The server to measure: <c>MCR_BENCH_SERVER</c> (executable or dll), else this configuration's mcrsrv.dll.</summary>
    public static ServerLaunch Find() => ServerLocator.Find("MCR_BENCH_SERVER", typeof(McrServer).Assembly);
}
