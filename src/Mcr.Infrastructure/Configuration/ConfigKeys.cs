namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// The catalogue of every configuration key (SPEC §3), in file order. The loader, the environment
/// overrides and <see cref="ConfigTemplate"/> are all driven by this one table, so a key added here is
/// read, overridable and documented everywhere at once.
/// </summary>
internal static class ConfigKeys
{
    public static readonly IReadOnlyList<(string Name, string Description)> Sections =
    [
        ("server", "The registry server: OCI API at /v2/, admin REST at /v1/, gRPC admin API."),
        ("database", "The SQLite metadata database."),
        ("storage", "Blob storage on the local filesystem."),
        ("mcias", "MCIAS identity service; leave server_url empty to use the embedded identity provider."),
        ("identity", "Embedded identity provider (used only when mcias.server_url is empty)."),
        ("gc", "Garbage collection of unreferenced blobs and abandoned uploads."),
        ("web", "The mcr-web UI process, which talks to the server over gRPC."),
        ("log", "Logging."),
    ];

    public static readonly IReadOnlyList<ConfigKey> All =
    [
        Text("server", "listen_addr", true, "HTTPS listener for /v2/ and /v1/: \"host:port\" or \":port\".",
            o => o.Server.ListenAddr, (o, v) => o.Server.ListenAddr = v),
        Text("server", "grpc_addr", false, "gRPC admin listener (\"host:port\" or \":port\"); empty disables gRPC.",
            o => o.Server.GrpcAddr, (o, v) => o.Server.GrpcAddr = v),
        FilePath("server", "tls_cert", true, "PEM certificate chain for both listeners.",
            o => o.Server.TlsCert, (o, v) => o.Server.TlsCert = v),
        FilePath("server", "tls_key", true, "PEM private key for tls_cert.",
            o => o.Server.TlsKey, (o, v) => o.Server.TlsKey = v),
        Text("server", "external_url", false, "Absolute base URL for the token realm and Location headers; empty = request scheme + Host.",
            o => o.Server.ExternalUrl, (o, v) => o.Server.ExternalUrl = v),
        List("server", "trusted_proxies", "IP addresses (or CIDR ranges) of proxies whose X-Forwarded-* headers are believed.",
            o => o.Server.TrustedProxies, (o, v) => o.Server.TrustedProxies = v),
        Duration("server", "read_timeout", "Time allowed to read request headers; 0 = no limit.",
            o => o.Server.ReadTimeout, (o, v) => o.Server.ReadTimeout = v),
        Duration("server", "write_timeout", "Time allowed to write a response; 0 = no limit (large blobs).",
            o => o.Server.WriteTimeout, (o, v) => o.Server.WriteTimeout = v),
        Duration("server", "idle_timeout", "Keep-alive connections idle longer than this are closed.",
            o => o.Server.IdleTimeout, (o, v) => o.Server.IdleTimeout = v),
        Duration("server", "shutdown_timeout", "Grace period for in-flight requests on shutdown.",
            o => o.Server.ShutdownTimeout, (o, v) => o.Server.ShutdownTimeout = v),
        Duration("server", "drain_delay", "On shutdown, time /readyz answers 503 while requests are still served, so a load balancer stops sending new ones first.",
            o => o.Server.DrainDelay, (o, v) => o.Server.DrainDelay = v),

        FilePath("database", "path", true, "SQLite database file (created if missing).",
            o => o.Database.Path, (o, v) => o.Database.Path = v),

        FilePath("storage", "layers_path", true, "Directory of committed blobs, addressed by digest.",
            o => o.Storage.LayersPath, (o, v) => o.Storage.LayersPath = v),
        FilePath("storage", "uploads_path", false, "In-progress uploads; default <layers_path>/../uploads. Must be on the same filesystem as layers_path.",
            o => o.Storage.UploadsPath, (o, v) => o.Storage.UploadsPath = v),

        Text("mcias", "server_url", false, "https URL of the MCIAS server; empty = embedded identity provider.",
            o => o.Mcias.ServerUrl, (o, v) => o.Mcias.ServerUrl = v),
        FilePath("mcias", "ca_cert", false, "PEM CA bundle to verify MCIAS; empty = system trust store.",
            o => o.Mcias.CaCert, (o, v) => o.Mcias.CaCert = v),
        Text("mcias", "service_name", false, "Service name MCR presents to MCIAS.",
            o => o.Mcias.ServiceName, (o, v) => o.Mcias.ServiceName = v),
        List("mcias", "tags", "Tags MCR presents to MCIAS.",
            o => o.Mcias.Tags, (o, v) => o.Mcias.Tags = v),

        Duration("identity", "token_ttl", "Lifetime of bearer tokens issued to users.",
            o => o.Identity.TokenTtl, (o, v) => o.Identity.TokenTtl = v),
        Duration("identity", "system_token_ttl", "Lifetime of tokens issued to system accounts.",
            o => o.Identity.SystemTokenTtl, (o, v) => o.Identity.SystemTokenTtl = v),

        Duration("gc", "grace_period", "Unreferenced blobs younger than this are kept (protects pushes in flight).",
            o => o.Gc.GracePeriod, (o, v) => o.Gc.GracePeriod = v),
        Duration("gc", "upload_ttl", "Uploads idle longer than this are deleted.",
            o => o.Gc.UploadTtl, (o, v) => o.Gc.UploadTtl = v),

        Text("web", "listen_addr", false, "HTTPS listener of mcr-web: \"host:port\" or \":port\".",
            o => o.Web.ListenAddr, (o, v) => o.Web.ListenAddr = v),
        Text("web", "grpc_addr", false, "Address of the server's gRPC API that mcr-web dials (\"host:port\").",
            o => o.Web.GrpcAddr, (o, v) => o.Web.GrpcAddr = v),
        FilePath("web", "ca_cert", false, "PEM CA bundle to verify the server's gRPC certificate.",
            o => o.Web.CaCert, (o, v) => o.Web.CaCert = v),
        FilePath("web", "tls_cert", false, "PEM certificate chain of mcr-web's HTTPS listener (TLS 1.3); empty = server.tls_cert.",
            o => o.Web.TlsCert, (o, v) => o.Web.TlsCert = v),
        FilePath("web", "tls_key", false, "PEM private key for web.tls_cert; empty = server.tls_key.",
            o => o.Web.TlsKey, (o, v) => o.Web.TlsKey = v),

        Text("log", "level", false, "One of trace, debug, info, warn, error.",
            o => o.Log.Level, (o, v) => o.Log.Level = v),
        Text("log", "format", false, "json (one object per line, with the request id) or text (one readable line).",
            o => o.Log.Format, (o, v) => o.Log.Format = v),
    ];

    private static readonly Dictionary<string, ConfigKey> _byFullName =
        All.ToDictionary(k => k.FullName, StringComparer.Ordinal);

    private static readonly Dictionary<string, ConfigKey> _byVariable =
        All.ToDictionary(k => k.EnvironmentVariable, StringComparer.Ordinal);

    public static bool IsSection(string name) => Sections.Any(s => s.Name == name);

    public static ConfigKey? Find(string section, string name) =>
        _byFullName.GetValueOrDefault($"{section}.{name}");

    public static ConfigKey? FindByVariable(string variable) => _byVariable.GetValueOrDefault(variable);

    private static ConfigKey Text(string section, string name, bool required, string description,
        Func<McrOptions, string> get, Action<McrOptions, string> set) =>
        new(section, name, ConfigValueKind.Text, required, description, get, (o, v) => set(o, (string)v));

    private static ConfigKey FilePath(string section, string name, bool required, string description,
        Func<McrOptions, string> get, Action<McrOptions, string> set) =>
        new(section, name, ConfigValueKind.Path, required, description, get, (o, v) => set(o, (string)v));

    private static ConfigKey Duration(string section, string name, string description,
        Func<McrOptions, TimeSpan> get, Action<McrOptions, TimeSpan> set) =>
        new(section, name, ConfigValueKind.Duration, false, description, o => get(o), (o, v) => set(o, (TimeSpan)v));

    private static ConfigKey List(string section, string name, string description,
        Func<McrOptions, List<string>> get, Action<McrOptions, List<string>> set) =>
        new(section, name, ConfigValueKind.List, false, description, get, (o, v) => set(o, (List<string>)v));
}
