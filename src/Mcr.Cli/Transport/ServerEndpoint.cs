using System.Diagnostics.CodeAnalysis;

namespace Mcr.Cli.Transport;

/// <summary>
/// Which server, over which transport: a REST base URL (<c>https://host:8443</c>) or a gRPC address
/// (<c>host:9443</c>, shown as <c>grpc://host:9443</c>). <see cref="Name"/> is how messages and the saved
/// login name it, so a token saved for one endpoint is never sent to another.
/// </summary>
internal sealed record ServerEndpoint(TransportKind Transport, Uri Address)
{
    public const string DefaultServer = "https://localhost:8443";
    public const int DefaultGrpcPort = 9443;

    /// <summary><c>https://host:port</c> for REST, <c>grpc://host:port</c> for gRPC.</summary>
    public string Name => Transport == TransportKind.Rest
        ? Address.GetLeftPart(UriPartial.Path).TrimEnd('/')
        : $"grpc://{Address.Host}:{Address.Port}";

    /// <summary>An <c>https://</c> URL (a bare <c>host[:port]</c> gets <c>https://</c>; plain http is refused: MCR speaks TLS only).</summary>
    public static bool TryParseServer(string text, [NotNullWhen(true)] out ServerEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : $"https://{text}";
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"--server: '{text}' is not a URL (e.g. https://registry.example.com:8443)";
            return false;
        }
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            error = $"--server: '{text}' must be an https:// URL (MCR serves TLS only)";
            return false;
        }
        endpoint = new ServerEndpoint(TransportKind.Rest, uri);
        error = null;
        return true;
    }

    /// <summary><c>host:port</c>, <c>host</c> (port 9443) or <c>[::1]:port</c>; a <c>grpc://</c> or <c>https://</c> prefix is accepted.</summary>
    public static bool TryParseGrpc(string text, [NotNullWhen(true)] out ServerEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        var bare = text;
        foreach (var prefix in (string[])["grpc://", "https://"])
        {
            if (bare.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                bare = bare[prefix.Length..];
            }
        }
        bare = bare.TrimEnd('/');
        if (!Uri.TryCreate($"https://{bare}", UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || uri.AbsolutePath != "/")
        {
            error = $"--grpc: '{text}' is not HOST:PORT (e.g. registry.example.com:9443)";
            return false;
        }
        if (uri.IsDefaultPort && !bare.EndsWith(":443", StringComparison.Ordinal))
        {
            uri = new UriBuilder(uri) { Port = DefaultGrpcPort }.Uri;
        }
        endpoint = new ServerEndpoint(TransportKind.Grpc, uri);
        error = null;
        return true;
    }

    /// <summary>Parses a <see cref="Name"/> back (the saved login's endpoint).</summary>
    public static ServerEndpoint? FromName(string name) =>
        name.StartsWith("grpc://", StringComparison.Ordinal)
            ? TryParseGrpc(name, out var grpc, out _) ? grpc : null
            : TryParseServer(name, out var rest, out _) ? rest : null;

    public override string ToString() => Name;
}
