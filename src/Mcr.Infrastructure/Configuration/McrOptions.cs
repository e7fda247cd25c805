namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// The whole configuration file (SPEC §3). One class per TOML section; property names map to
/// snake_case keys (<c>ListenAddr</c> ↔ <c>listen_addr</c>) and to <c>MCR_&lt;SECTION&gt;_&lt;KEY&gt;</c>.
/// </summary>
public sealed class McrOptions
{
    public ServerOptions Server { get; set; } = new();
    public DatabaseOptions Database { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();
    public MciasOptions Mcias { get; set; } = new();
    public IdentityOptions Identity { get; set; } = new();
    public GcOptions Gc { get; set; } = new();
    public WebOptions Web { get; set; } = new();
    public LogOptions Log { get; set; } = new();
}

public sealed class ServerOptions
{
    public string ListenAddr { get; set; } = "";

    /// <summary>The gRPC admin listener; set to <c>""</c> to turn gRPC off.</summary>
    public string GrpcAddr { get; set; } = ":9443";
    public string TlsCert { get; set; } = "";
    public string TlsKey { get; set; } = "";

    /// <summary>Absolute base URL for the token realm and Location headers; empty = request scheme + Host.</summary>
    public string ExternalUrl { get; set; } = "";

    /// <summary>Proxies whose <c>X-Forwarded-Proto</c>/<c>X-Forwarded-Host</c> are believed (IP addresses).</summary>
    public List<string> TrustedProxies { get; set; } = [];

    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.Zero;
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(120);
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a stopping server keeps serving with <c>/readyz</c> at 503 before it closes its listeners:
    /// long enough for a balancer's health check to notice (a few check intervals). 0 for a single node.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
}

public sealed class DatabaseOptions
{
    public string Path { get; set; } = "";
}

public sealed class StorageOptions
{
    public string LayersPath { get; set; } = "";

    /// <summary>Defaults to <c>&lt;layers_path&gt;/../uploads</c>; must share a filesystem with layers_path.</summary>
    public string UploadsPath { get; set; } = "";
}

public sealed class MciasOptions
{
    /// <summary>Absent or empty: the embedded identity provider is used.</summary>
    public string ServerUrl { get; set; } = "";
    public string CaCert { get; set; } = "";
    public string ServiceName { get; set; } = "mcr";
    public List<string> Tags { get; set; } = [];
}

public sealed class IdentityOptions
{
    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan SystemTokenTtl { get; set; } = TimeSpan.FromHours(8760);
}

public sealed class GcOptions
{
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan UploadTtl { get; set; } = TimeSpan.FromHours(168);
}

public sealed class WebOptions
{
    public string ListenAddr { get; set; } = "127.0.0.1:8080";
    public string GrpcAddr { get; set; } = "";
    public string CaCert { get; set; } = "";

    /// <summary>mcr-web's own certificate; empty (with <see cref="TlsKey"/>) = the server's <c>tls_cert</c>.</summary>
    public string TlsCert { get; set; } = "";
    public string TlsKey { get; set; } = "";
}

public sealed class LogOptions
{
    public string Level { get; set; } = "info";

    /// <summary><c>json</c> (one object per line, SPEC §16) or <c>text</c> (one readable line).</summary>
    public string Format { get; set; } = "json";
}
