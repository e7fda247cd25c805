using Mcr.Infrastructure.Configuration;
using Mcr.Server.Hosting;

namespace Mcr.Server.Cli;

/// <summary>
/// The <c>--dev</c> registry: everything under one data directory, served on <c>:8443</c> (gRPC on <c>:9443</c>) with a
/// self-signed certificate and the embedded identity provider.
/// <code>
/// &lt;data&gt;/mcr.db              SQLite database (0600)
/// &lt;data&gt;/layers/ uploads/     blob storage
/// &lt;data&gt;/tls/cert.pem key.pem self-signed certificate (created once)
/// &lt;data&gt;/token-signing.key    embedded provider's JWT key (0600)
/// </code>
/// </summary>
internal static class DevDefaults
{
    public static McrOptions Create(string dataDirectory)
    {
        var options = new McrOptions();
        options.Server.ListenAddr = ":8443";
        options.Server.GrpcAddr = ":9443";
        options.Server.TlsCert = Path.Combine(dataDirectory, "tls", "cert.pem");
        options.Server.TlsKey = Path.Combine(dataDirectory, "tls", "key.pem");
        options.Database.Path = Path.Combine(dataDirectory, "mcr.db");
        options.Storage.LayersPath = Path.Combine(dataDirectory, "layers");
        options.Storage.UploadsPath = Path.Combine(dataDirectory, "uploads");
        return options;
    }

    public static void EnsureCertificate(McrOptions options)
    {
        if (!File.Exists(options.Server.TlsCert) || !File.Exists(options.Server.TlsKey))
        {
            TlsCertificates.CreateSelfSigned(options.Server.TlsCert, options.Server.TlsKey);
        }
    }
}
