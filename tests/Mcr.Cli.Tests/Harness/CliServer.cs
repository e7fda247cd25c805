using System.Net.Http.Json;
using System.Text.Json;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Reliability;

namespace Mcr.Cli.Tests.Harness;

/// <summary>
/// Collection fixture: one real <c>mcrsrv server --dev</c> (<see cref="McrProcess"/>: TLS 1.3 on a free loopback
/// port, gRPC on another) shared by the command tests, with three accounts (the bootstrap <c>admin</c>, <c>alice</c>
/// with role user, <c>gus</c> with role guest), their tokens, and two pushed images in <c>fixture/app</c>.
/// Tests that change state use names of their own.
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    public const string UserPassword = "alice-password-1234";
    public const string GuestPassword = "gus-password-12345";
    public const string Repository = "fixture/app";

    public McrProcess Server { get; } = new();

    public string AdminToken { get; private set; } = "";

    public string UserToken { get; private set; } = "";

    public string GuestToken { get; private set; } = "";

    /// <summary>The server's self-signed certificate, which <c>--ca-cert</c> trusts.</summary>
    public string CertificatePath => Path.Combine(Server.DataDirectory, "tls", "cert.pem");

    public RegistryHttp Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        await AddAccountAsync("alice", "user", UserPassword);
        await AddAccountAsync("gus", "guest", GuestPassword);
        // The server hands the same token to a login repeated within 30 s (its credential cache), so a logout
        // would revoke alice's token for every other test: the logout tests sign in as accounts of their own.
        foreach (var transport in (Via[])[Via.Rest, Via.Grpc])
        {
            await AddAccountAsync(LogoutUser(transport), "user", UserPassword);
        }
        AdminToken = await LoginAsync(Server.AdminUser, Server.AdminPassword);
        UserToken = await LoginAsync("alice", UserPassword);
        GuestToken = await LoginAsync("gus", GuestPassword);
        Registry = await RegistryHttp.LoginAsync(Server);
        await PushImageAsync(Repository, "1.0");
        await PushImageAsync(Repository, "2.0");
    }

    /// <summary>The account a logout test over <paramref name="transport"/> signs in as (and out).</summary>
    public static string LogoutUser(Via transport) => $"carol-{transport.ToString().ToLowerInvariant()}";

    /// <summary>The global options that point mcrctl at this server over <paramref name="transport"/>, trusting its certificate.</summary>
    public string[] Target(Via transport) => transport == Via.Grpc
        ? ["--grpc", Server.GrpcHost, "--ca-cert", CertificatePath]
        : ["--server", $"https://{Server.Host}", "--ca-cert", CertificatePath];

    /// <summary><see cref="Target"/> plus <c>--token</c>.</summary>
    public string[] As(Via transport, string token) => [.. Target(transport), "--token", token];

    /// <summary>The endpoint as mcrctl names it in messages.</summary>
    public string EndpointName(Via transport) =>
        transport == Via.Grpc ? $"grpc://{Server.GrpcHost}" : $"https://{Server.Host}";

    /// <summary>Pushes a small image (one config, one random layer); its manifest digest.</summary>
    public async Task<string> PushImageAsync(string repository, string tag)
    {
        var config = System.Text.Encoding.UTF8.GetBytes(
            """{"architecture":"amd64","os":"linux","created":"2026-01-01T00:00:00Z","rootfs":{"type":"layers","diff_ids":[]},"config":{"Labels":{"tag":""" +
            $"\"{tag}\"" + "}}}");
        var layer = System.Security.Cryptography.RandomNumberGenerator.GetBytes(2048);
        foreach (var blob in new[] { config, layer })
        {
            await Registry.UploadAsync(await Registry.StartUploadAsync(repository), blob, chunked: false);
        }
        return (await Registry.PushManifestAsync(repository, tag, config, [layer])).Digest;
    }

    public async Task AddAccountAsync(string username, string role, string password)
    {
        var result = await Server.RunCommandAsync(password + "\n", "account", "add", username, "--role", role, "--password-stdin");
        Assert.True(result.Succeeded, result.Describe());
    }

    public async Task<string> LoginAsync(string username, string password)
    {
        using var http = Server.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/v1/auth/login", new Dictionary<string, string> { ["username"] = username, ["password"] = password },
            TestJson.Default.DictionaryStringString);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    public Task DisposeAsync() => Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CliServerCollection : ICollectionFixture<CliServer>
{
    public const string Name = "mcrctl against a real mcrsrv";
}
