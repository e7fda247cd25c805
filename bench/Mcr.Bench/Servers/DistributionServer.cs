using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mcr.Testing;

namespace Mcr.Bench.Servers;

/// <summary>
/// Starts Debian's <c>docker-registry</c> (CNCF distribution) on 127.0.0.1 with filesystem storage in a temp
/// directory and TLS with a certificate generated here. Logging is quiet (warn, no access log) so it does
/// not pay for per-request log lines MCR does not write. With <c>htpasswd</c> auth, distribution provisions
/// its own file (user <c>docker</c>, bcrypt) and logs the password once; it is read from that line, never shown.
/// </summary>
internal static class DistributionServer
{
    public const string Executable = "docker-registry";

    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, Executable))
            .FirstOrDefault(File.Exists);

    public static async Task<BenchTarget> StartAsync(string executable, bool htpasswd)
    {
        var data = new TempDirectory("mcr-bench-distribution");
        var port = ServerStartup.FreePort();
        var host = $"127.0.0.1:{port}";
        var certificatePath = Path.Combine(data.Path, "cert.pem");
        var keyPath = Path.Combine(data.Path, "key.pem");
        var certificate = CreateCertificate(certificatePath, keyPath);
        var config = Path.Combine(data.Path, "config.yml");
        await File.WriteAllTextAsync(config, Config(data.Path, host, certificatePath, keyPath, htpasswd));
        var password = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ServerProcess.Start(executable, ["serve", config], new Dictionary<string, string>(), data.Path);
        process.LineReceived += line =>
        {
            if (line.Contains("provisioning with default user", StringComparison.Ordinal) && ReadField(line, "password") is { } value)
            {
                password.TrySetResult(value);
            }
        };
        try
        {
            var baseUri = new Uri($"https://{host}/");
            await ServerStartup.WaitForAsync(process, new Uri(baseUri, "/v2/"), htpasswd ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, certificatePath, "docker-registry");
            AuthenticationHeaderValue? authorization = null;
            var description = "none (no auth section: anonymous push and pull)";
            if (htpasswd)
            {
                var secret = await password.Task.WaitAsync(ServerStartup.Timeout);
                authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"docker:{secret}")));
                description = "htpasswd basic auth (bcrypt, cost 10, checked on every request)";
            }
            return new BenchTarget("distribution", baseUri, process, data, certificate, authorization, null, description);
        }
        catch
        {
            await process.DisposeAsync();
            certificate.Dispose();
            data.Dispose();
            throw;
        }
    }

    private static string Config(string root, string host, string certificate, string key, bool htpasswd)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var auth = htpasswd
            ? $"""
              auth:
                htpasswd:
                  realm: bench
                  path: {Path.Combine(root, "auth", "htpasswd")}
              """
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(root, "storage")}
              cache:
                blobdescriptor: inmemory
              delete:
                enabled: true
            http:
              addr: {host}
              secret: {secret}
              tls:
                certificate: {certificate}
                key: {key}
            {auth}
            """);
    }

    /// <summary>A self-signed ECDSA P-256 certificate for 127.0.0.1, written as PEM (PKCS#8 key) for Go's TLS.</summary>
    private static X509Certificate2 CreateCertificate(string certificatePath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return certificate;
    }

    /// <summary>The value of <c>name=value</c> (or <c>name="value"</c>) in a logrus text line.</summary>
    private static string? ReadField(string line, string name)
    {
        var start = line.IndexOf($" {name}=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        var value = line[(start + name.Length + 2)..];
        var end = value.IndexOf(' ', StringComparison.Ordinal);
        return (end < 0 ? value : value[..end]).Trim('"');
    }
}
