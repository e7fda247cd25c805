using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mcr.Testing.Mcias;

/// <summary>
/// A small MCIAS on real Kestrel (127.0.0.1, port 0, HTTPS): speaks the login/validate/logout contract of
/// SPEC §4 and counts calls. Token lifetimes follow the given <see cref="TimeProvider"/>.
/// </summary>
public sealed class FakeMcias : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, User> _users = new();
    private readonly ConcurrentDictionary<string, Issued> _tokens = new();
    private readonly TimeProvider _timeProvider;
    private WebApplication? _app;
    private int _loginCalls;
    private int _validateCalls;
    private int _logoutCalls;

    private FakeMcias(TimeProvider timeProvider) => _timeProvider = timeProvider;

    public string Url { get; private set; } = "";

    public int LoginCalls => Volatile.Read(ref _loginCalls);

    public int ValidateCalls => Volatile.Read(ref _validateCalls);

    public int LogoutCalls => Volatile.Read(ref _logoutCalls);

    public JsonObject? LastLoginBody { get; private set; }

    public string? LastLogoutAuthorization { get; private set; }

    /// <summary>Lifetime of tokens issued from now on.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether validate responses carry a <c>username</c> field besides <c>sub</c>.</summary>
    public bool IncludeUsername { get; set; } = true;

    /// <summary>When set, every endpoint answers with this status and an empty body.</summary>
    public int? ForcedStatus { get; set; }

    public static async Task<FakeMcias> StartAsync(TestCertificateAuthority ca, TimeProvider timeProvider, SslProtocols protocols = SslProtocols.Tls13)
    {
        var fake = new FakeMcias(timeProvider);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            listen.UseHttps(https =>
            {
                https.ServerCertificate = ca.ServerCertificate;
                https.SslProtocols = protocols;
            })));
        var app = builder.Build();
        app.MapPost("/v1/auth/login", fake.LoginAsync);
        app.MapPost("/v1/token/validate", fake.ValidateAsync);
        app.MapPost("/v1/auth/logout", fake.Logout);
        await app.StartAsync();
        fake._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.Url = address;
        return fake;
    }

    public void AddUser(string username, string password, string[] roles, string accountType = "human", string? deniedWith = null, bool denied = false) =>
        _users[username] = new User(username, password, Guid.NewGuid().ToString(), accountType, roles, denied || deniedWith is not null, deniedWith);

    public string SubjectOf(string username) => _users[username].Subject;

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task<IResult> LoginAsync(HttpRequest request)
    {
        Interlocked.Increment(ref _loginCalls);
        if (ForcedStatus is { } forced)
        {
            return Results.StatusCode(forced);
        }
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        LastLoginBody = body;
        var username = (string?)body["username"];
        var password = (string?)body["password"];
        if (username is null || !_users.TryGetValue(username, out var user) || user.Password != password)
        {
            return Json(new JsonObject { ["error"] = "invalid credentials" }, 401);
        }
        if (user.Denied)
        {
            return user.DeniedWith is null ? Results.StatusCode(403) : Json(new JsonObject { ["error"] = user.DeniedWith }, 403);
        }
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var expiresAt = _timeProvider.GetUtcNow() + TokenLifetime;
        _tokens[token] = new Issued(user, expiresAt);
        return Json(new JsonObject { ["token"] = token, ["expires_at"] = Rfc3339(expiresAt) });
    }

    private async Task<IResult> ValidateAsync(HttpRequest request)
    {
        Interlocked.Increment(ref _validateCalls);
        if (ForcedStatus is { } forced)
        {
            return Results.StatusCode(forced);
        }
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        var token = (string?)body["token"];
        if (token is null || !_tokens.TryGetValue(token, out var issued) || issued.Revoked || issued.ExpiresAt <= _timeProvider.GetUtcNow())
        {
            return Json(new JsonObject { ["valid"] = false });
        }
        var user = issued.User;
        var response = new JsonObject
        {
            ["valid"] = true,
            ["sub"] = user.Subject,
            ["account_type"] = user.AccountType,
            ["roles"] = new JsonArray([.. user.Roles.Select(role => JsonValue.Create(role))]),
            ["expires_at"] = Rfc3339(issued.ExpiresAt),
        };
        if (IncludeUsername)
        {
            response["username"] = user.Username;
        }
        return Json(response);
    }

    private IResult Logout(HttpRequest request)
    {
        Interlocked.Increment(ref _logoutCalls);
        if (ForcedStatus is { } forced)
        {
            return Results.StatusCode(forced);
        }
        var authorization = request.Headers.Authorization.ToString();
        LastLogoutAuthorization = authorization;
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            || !_tokens.TryGetValue(authorization["Bearer ".Length..], out var issued))
        {
            return Json(new JsonObject { ["error"] = "unauthorized" }, 401);
        }
        issued.Revoked = true;
        return Results.NoContent();
    }

    /// <summary>A JSON body without reflection (the server's tests run with reflection-based JSON off).</summary>
    private static IResult Json(JsonObject body, int status = 200) =>
        Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record User(string Username, string Password, string Subject, string AccountType, string[] Roles, bool Denied, string? DeniedWith);

    private sealed class Issued(User user, DateTimeOffset expiresAt)
    {
        public User User { get; } = user;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public bool Revoked { get; set; }
    }
}
