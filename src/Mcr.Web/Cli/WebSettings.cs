using Mcr.Infrastructure.Configuration;

namespace Mcr.Web.Cli;

/// <summary>
/// mcr-web's validated settings: the options (the <c>[web]</c> section, with the server's certificate as the
/// fallback), the gRPC address it dials and the registry host that pull commands name.
/// </summary>
public sealed record WebSettings(McrOptions Options, bool IsDev)
{
    /// <summary><c>https://host:port</c> of the registry's gRPC API.</summary>
    public Uri GrpcAddress => GrpcUri(Options.Web.GrpcAddr);

    /// <summary>
    /// The registry as <c>podman pull</c> names it: the authority of <c>server.external_url</c> when set, else the gRPC
    /// host with <c>server.listen_addr</c>'s port (the two listeners of one server), else the gRPC host alone.
    /// </summary>
    public string RegistryHost
    {
        get
        {
            if (Uri.TryCreate(Options.Server.ExternalUrl, UriKind.Absolute, out var external))
            {
                return external.IsDefaultPort ? external.Host : $"{external.Host}:{external.Port}";
            }
            var grpc = GrpcAddress;
            var host = grpc.Host;
            return ListenAddress.TryParse(Options.Server.ListenAddr, out _, out var port) && port is > 0 and not 443
                ? $"{host}:{port}"
                : host;
        }
    }

    /// <summary>The development settings: everything from <c>mcrsrv server --dev</c>'s data directory.</summary>
    public static McrOptions DevOptions(string dataDirectory)
    {
        var options = new McrOptions();
        var certificate = Path.Combine(dataDirectory, "tls", "cert.pem");
        options.Server.ListenAddr = ":8443";
        options.Web.ListenAddr = "127.0.0.1:8080";
        options.Web.GrpcAddr = "localhost:9443";
        options.Web.CaCert = certificate;
        options.Web.TlsCert = certificate;
        options.Web.TlsKey = Path.Combine(dataDirectory, "tls", "key.pem");
        options.Log.Format = "text";
        return options;
    }

    /// <summary>
    /// Loads a config file, or the development settings under <paramref name="devDataDirectory"/>; <c>MCR_*</c>
    /// variables override either. Prints each problem to <paramref name="errors"/> and returns null if there is any.
    /// </summary>
    public static WebSettings? Load(string? configPath, string? devDataDirectory, TextWriter errors)
    {
        var environment = ConfigLoader.ProcessEnvironment();
        var result = devDataDirectory is not null
            ? ConfigLoader.FromOptions(DevOptions(devDataDirectory), environment, devDataDirectory, ConfigProgram.Web)
            : ConfigLoader.Load(configPath, environment, ConfigProgram.Web);
        foreach (var warning in result.Warnings)
        {
            errors.WriteLine($"config warning: {warning}");
        }
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                errors.WriteLine($"config error: {error}");
            }
            return null;
        }
        var options = result.Options;
        var problems = new List<string>();
        foreach (var (key, path) in new[] { ("web.tls_cert", options.Web.TlsCert), ("web.tls_key", options.Web.TlsKey), ("web.ca_cert", options.Web.CaCert) })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                problems.Add(devDataDirectory is not null
                    ? $"{key}: {path} does not exist; start the registry first (mcrsrv server --dev{(devDataDirectory == Path.GetFullPath("mcr-dev") ? "" : $" --data {devDataDirectory}")}), which creates it"
                    : $"{key}: {path} does not exist");
            }
        }
        foreach (var problem in problems.Distinct())
        {
            errors.WriteLine($"config error: {problem}");
        }
        return problems.Count > 0 ? null : new WebSettings(options, devDataDirectory is not null);
    }

    internal static Uri GrpcUri(string address)
    {
        if (!ListenAddress.TryParse(address, out var host, out var port))
        {
            throw new ArgumentException($"'{address}' is not host:port", nameof(address));
        }
        if (host.Length == 0)
        {
            host = "localhost";
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            host = $"[{host}]";
        }
        return new Uri($"https://{host}:{port}");
    }
}
