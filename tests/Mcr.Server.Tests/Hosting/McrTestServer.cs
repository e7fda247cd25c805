using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Mcr.Infrastructure.Configuration;
using Mcr.Infrastructure.Identity.Embedded;
using Mcr.Server.Cli;
using Mcr.Server.Hosting;
using Mcr.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mcr.Server.Tests.Hosting;

/// <summary>
/// The real registry on loopback: Kestrel with TLS 1.3 on 127.0.0.1:0, a temp SQLite database and
/// temp storage, the embedded identity provider with an <c>admin</c> account. Dispose to stop it.
/// </summary>
public sealed class McrTestServer : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-for-tests";

    private readonly TempDirectory _directory = new("mcr-server");
    private readonly WebApplication _app;

    private McrTestServer(Action<McrOptions>? configure, ITestOutputHelper? output, ILoggerProvider? allLogs)
    {
        Options = DevDefaults.Create(_directory.Path);
        Options.Server.ListenAddr = "127.0.0.1:0";
        Options.Server.GrpcAddr = "127.0.0.1:0";
        configure?.Invoke(Options);
        DevDefaults.EnsureCertificate(Options);
        Certificate = TlsCertificates.Load(Options.Server.TlsCert, Options.Server.TlsKey);
        _app = McrApplication.Build(Options, builder =>
        {
            builder.Logging.ClearProviders();
            if (output is not null)
            {
                builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
            }
            if (allLogs is not null)
            {
                // Everything, framework categories included, at every level.
                builder.Logging.AddProvider(allLogs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddFilter("Microsoft", LogLevel.Trace);
            }
        });
    }

    public McrOptions Options { get; }

    public X509Certificate2 Certificate { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The gRPC listener, or null when the test turned gRPC off.</summary>
    public Uri? GrpcAddress { get; private set; }

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _directory.Path;

    /// <param name="allLogs">Receives every log message at every level (tests about what is logged).</param>
    public static async Task<McrTestServer> StartAsync(
        ITestOutputHelper? output = null, Action<McrOptions>? configure = null, ILoggerProvider? allLogs = null)
    {
        var server = new McrTestServer(configure, output, allLogs);
        await BootstrapAdmin.EnsureAsync(server._app.Services, AdminPassword, CancellationToken.None);
        await server._app.StartAsync();
        var listeners = server._app.Services.GetRequiredService<McrListeners>();
        server.BaseAddress = new Uri($"https://{listeners.RestEndpoints[0]}");
        if (listeners.GrpcPort is { } grpcPort)
        {
            server.GrpcAddress = new Uri($"https://127.0.0.1:{grpcPort}");
        }
        return server;
    }

    /// <summary>An HTTP client that trusts exactly this server's self-signed certificate.</summary>
    public HttpClient CreateClient(string? bearerToken = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString() == Certificate.GetCertHashString(),
            },
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        return client;
    }

    public static AuthenticationHeaderValue Basic(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    /// <summary>Gets a token through <c>GET /v2/token</c>.</summary>
    public async Task<string> GetTokenAsync(string username = "admin", string password = AdminPassword)
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=mcr");
        request.Headers.Authorization = Basic(username, password);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>Creates an account in the embedded provider and returns a client authenticated as it.</summary>
    public async Task<HttpClient> CreateClientForNewAccountAsync(string username, string role, Core.Identity.AccountType type = Core.Identity.AccountType.Human)
    {
        var accounts = Services.GetRequiredService<AccountService>();
        const string password = "another-long-password";
        await accounts.AddAsync(username, type, [role], password);
        return CreateClient(await GetTokenAsync(username, password));
    }

    /// <summary>Stops the host as SIGTERM would: no new connections, requests in flight may finish.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
