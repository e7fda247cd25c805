using System.Net;

namespace Mcr.Infrastructure.Configuration;

/// <summary>
/// Path resolution, defaults and the checks that need no disk access. Messages name the key
/// (<c>server.tls_cert is required</c>) because the operator has to find it in the file.
/// </summary>
internal static class ConfigValidator
{
    private static readonly string[] _logLevels = ["trace", "debug", "info", "warn", "error"];
    private static readonly string[] _logFormats = ["json", "text"];

    /// <summary>Makes every non-empty path absolute, relative to <paramref name="baseDirectory"/>.</summary>
    public static void ResolvePaths(McrOptions options, string baseDirectory)
    {
        foreach (var key in ConfigKeys.All.Where(k => k.Kind == ConfigValueKind.Path))
        {
            var value = (string)key.Get(options);
            if (value.Length > 0)
            {
                key.Set(options, Path.GetFullPath(value, baseDirectory));
            }
        }
    }

    public static void ApplyDefaults(McrOptions options)
    {
        // Only when layers_path is known; a missing layers_path is reported by Validate.
        if (options.Storage.UploadsPath.Length == 0 && options.Storage.LayersPath.Length > 0)
        {
            options.Storage.UploadsPath = Path.GetFullPath(Path.Combine(options.Storage.LayersPath, "..", "uploads"));
        }
    }

    /// <param name="failedKeys">Keys already reported as having a bad value; not reported again as missing.</param>
    public static List<string> Validate(McrOptions options, IReadOnlySet<string> failedKeys)
    {
        var errors = new List<string>();
        foreach (var key in ConfigKeys.All.Where(k => k.Required && !failedKeys.Contains(k.FullName)))
        {
            if (string.IsNullOrWhiteSpace((string)key.Get(options)))
            {
                errors.Add($"{key.FullName} is required");
            }
        }

        CheckAddress(errors, "server.listen_addr", options.Server.ListenAddr);
        CheckAddress(errors, "server.grpc_addr", options.Server.GrpcAddr);
        if (ListenAddress.TryParse(options.Server.ListenAddr, out _, out var restPort)
            && ListenAddress.TryParse(options.Server.GrpcAddr, out _, out var grpcPort)
            && restPort != 0 && restPort == grpcPort)
        {
            errors.Add($"server.grpc_addr must use another port than server.listen_addr (both {restPort})");
        }
        CheckAddress(errors, "web.listen_addr", options.Web.ListenAddr);
        CheckAddress(errors, "web.grpc_addr", options.Web.GrpcAddr, dialed: true);

        if (options.Server.ExternalUrl.Length > 0 &&
            (!Uri.TryCreate(options.Server.ExternalUrl, UriKind.Absolute, out var external) ||
             (external.Scheme != Uri.UriSchemeHttps && external.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add($"server.external_url must be an absolute http(s) URL, not \"{options.Server.ExternalUrl}\"");
        }

        foreach (var proxy in options.Server.TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _))
            {
                errors.Add($"server.trusted_proxies: \"{proxy}\" is not an IP address or CIDR range");
            }
        }

        if (options.Storage.LayersPath.Length > 0 &&
            PathsEqual(options.Storage.LayersPath, options.Storage.UploadsPath))
        {
            errors.Add("storage.uploads_path must differ from storage.layers_path");
        }

        if (options.Mcias.ServerUrl.Length > 0 &&
            (!Uri.TryCreate(options.Mcias.ServerUrl, UriKind.Absolute, out var mcias) || mcias.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"mcias.server_url must be an absolute https URL, not \"{options.Mcias.ServerUrl}\"");
        }

        if (string.IsNullOrWhiteSpace(options.Mcias.ServiceName))
        {
            errors.Add("mcias.service_name must not be empty");
        }

        if (options.Mcias.Tags.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("mcias.tags must not contain empty tags");
        }

        if (options.Identity.TokenTtl <= TimeSpan.Zero)
        {
            errors.Add("identity.token_ttl must be greater than zero");
        }

        if (options.Identity.SystemTokenTtl <= TimeSpan.Zero)
        {
            errors.Add("identity.system_token_ttl must be greater than zero");
        }

        if (!_logLevels.Contains(options.Log.Level, StringComparer.Ordinal))
        {
            errors.Add($"log.level must be one of {string.Join(", ", _logLevels)}, not \"{options.Log.Level}\"");
        }

        if (!_logFormats.Contains(options.Log.Format, StringComparer.Ordinal))
        {
            errors.Add($"log.format must be one of {string.Join(", ", _logFormats)}, not \"{options.Log.Format}\"");
        }

        return errors;
    }

    /// <summary>
    /// Empty is allowed here: required addresses are reported by the required-key check. Port 0 (a free
    /// port) only makes sense for an address we listen on, not for one we <paramref name="dialed"/>.
    /// </summary>
    private static void CheckAddress(List<string> errors, string name, string value, bool dialed = false)
    {
        if (value.Length == 0)
        {
            return;
        }
        if (!ListenAddress.TryParse(value, out _, out var port) || (dialed && port == 0))
        {
            var range = dialed ? "1 to 65535" : "0 (any free port) to 65535";
            errors.Add($"{name} must be \"host:port\" or \":port\" with a port from {range}, not \"{value}\"");
        }
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);
}
