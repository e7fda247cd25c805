using Mcr.Core.Names;
using Mcr.Infrastructure.Configuration;
using Mcr.Server.Oci;

namespace Mcr.Server.Auth;

/// <summary>
/// Builds <c>WWW-Authenticate: Bearer realm="&lt;absolute&gt;/v2/token",service="…",scope="…"</c>.
/// The realm must be absolute: <c>server.external_url</c> when configured, else the request's scheme
/// and Host (after forwarded headers from trusted proxies only).
/// </summary>
public sealed class AuthChallenge(McrOptions options)
{
    private readonly string _externalUrl = options.Server.ExternalUrl.TrimEnd('/');
    private readonly string _service = options.Mcias.ServiceName;

    /// <summary>The absolute base URL of the registry as the client sees it.</summary>
    public string BaseUrl(HttpContext context) =>
        _externalUrl.Length > 0 ? _externalUrl : $"{context.Request.Scheme}://{context.Request.Host}";

    public void Apply(HttpContext context)
    {
        var value = $"Bearer realm=\"{BaseUrl(context)}/v2/token\",service=\"{_service}\"";
        if (Scope(context) is { } scope)
        {
            value += $",scope=\"{scope}\"";
        }
        context.Response.Headers.WWWAuthenticate = value;
    }

    /// <summary>The scope a client should ask for to retry this request, when it names a repository.</summary>
    private static string? Scope(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is null || !path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return null;
        }
        if (path == "/v2/_catalog")
        {
            return "registry:catalog:*";
        }
        if (!OciPath.TryParse(path["/v2/".Length..], out var oci) || !RepositoryName.IsValid(oci.Name))
        {
            return null;
        }
        var method = context.Request.Method;
        var actions = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? "pull"
            : HttpMethods.IsDelete(method) ? "delete"
            : "pull,push";
        return $"repository:{oci.Name}:{actions}";
    }
}
