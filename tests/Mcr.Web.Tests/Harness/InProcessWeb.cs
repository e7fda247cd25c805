using System.Net;
using Mcr.Infrastructure.Configuration;
using Mcr.Web.Cli;
using Mcr.Web.Hosting;
using Mcr.Web.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mcr.Web.Tests.Harness;

/// <summary>
/// mcr-web in the test process, on 127.0.0.1:0, dialling a given gRPC address (a real registry, or a port
/// where none listens). It can mint a session cookie for a token, which a browser would get by signing in.
/// </summary>
public sealed class InProcessWeb : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessWeb(WebApplication app, string certificatePath)
    {
        _app = app;
        CertificatePath = certificatePath;
    }

    public IServiceProvider Services => _app.Services;

    public Uri Address { get; private set; } = null!;

    public string CertificatePath { get; }

    /// <param name="dataDirectory">A <c>mcrsrv --dev</c> data directory: its certificate serves and verifies.</param>
    public static async Task<InProcessWeb> StartAsync(string dataDirectory, string grpcAddress, ILoggerProvider? logs = null)
    {
        var options = WebSettings.DevOptions(dataDirectory);
        options.Web.ListenAddr = "127.0.0.1:0";
        options.Web.GrpcAddr = grpcAddress;
        var loaded = ConfigLoader.FromOptions(options, new Dictionary<string, string?>(), dataDirectory, ConfigProgram.Web);
        Assert.True(loaded.Succeeded, string.Join("; ", loaded.Errors));
        var app = WebApp.Build(new WebSettings(loaded.Options!, IsDev: true), builder =>
        {
            builder.Logging.ClearProviders();
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddFilter("Microsoft", LogLevel.Trace);
                builder.Logging.AddFilter("Grpc", LogLevel.Trace);
            }
        });
        var web = new InProcessWeb(app, Path.Combine(dataDirectory, "tls", "cert.pem"));
        await app.StartAsync();
        web.Address = new Uri($"https://127.0.0.1:{app.Services.GetRequiredService<WebListeners>().Port}");
        return web;
    }

    public WebClient CreateClient() => new(Address, CertificatePath);

    /// <summary>A client whose session cookie carries <paramref name="token"/>, as sign-in would have set it.</summary>
    public WebClient ClientWithSession(string token, bool admin = true, string username = "admin")
    {
        var cookie = Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SessionUser.Scheme);
        var ticket = new AuthenticationTicket(SessionUser.Create(username, token, admin, accounts: admin),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, SessionUser.Scheme);
        var client = CreateClient();
        client.Cookies.Add(Address, new Cookie(SessionUser.CookieName, cookie.TicketDataFormat.Protect(ticket)) { Secure = true, Path = "/" });
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
