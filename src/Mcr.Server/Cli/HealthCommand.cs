using System.CommandLine;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mcr.Infrastructure.Configuration;
using Mcr.Server.Health;

namespace Mcr.Server.Cli;

/// <summary>
/// <c>mcrsrv health --config FILE</c>: asks the server of that configuration for <c>GET /v1/health</c> on its
/// own listener and exits 0 when it answers 200, 1 otherwise. For container health checks and service
/// monitors, where no curl is at hand (the images have no shell). The server's certificate must be the one
/// in <c>server.tls_cert</c>, so nothing but this registry can answer for it. Reads the configuration only:
/// it creates and changes nothing.
/// </summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var settings = new SettingsOptions();
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "How long to wait for the answer, e.g. 5s",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(5),
            CustomParser = result =>
            {
                if (DurationParser.TryParse(result.Tokens.Single().Value, out var value, out var error))
                {
                    return value;
                }
                result.AddError($"--timeout: {error}");
                return default;
            },
        };
        var command = new Command("health", "Check that the server of this configuration answers GET /v1/health (exit 0) or not (exit 1)") { timeout };
        settings.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (settings.Resolve(parse, checkStorage: false) is not { } resolved)
            {
                return 2;
            }
            return await CheckAsync(resolved.Options.Server, parse.GetValue(timeout), Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> CheckAsync(ServerOptions server, TimeSpan timeout, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (!ListenAddress.TryParse(server.ListenAddr, out var host, out var port))
        {
            await errors.WriteLineAsync($"unhealthy: server.listen_addr '{server.ListenAddr}' is not host:port");
            return 1;
        }
        var url = new Uri($"https://{AddressToDial(host)}:{port}{HealthEndpoints.Route}");
        X509Certificate2 expected;
        try
        {
            expected = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(server.TlsCert, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            await errors.WriteLineAsync($"unhealthy: cannot read the certificate server.tls_cert {server.TlsCert}: {e.Message}");
            return 1;
        }
        using var _ = expected;
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && expected.RawData.AsSpan().SequenceEqual(certificate.GetRawCertData()),
            },
        };
        using var client = new HttpClient(handler) { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(url, cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                await output.WriteLineAsync($"healthy: {url} answered 200 {body}");
                return 0;
            }
            await errors.WriteLineAsync($"unhealthy: {url} answered {(int)response.StatusCode} {body}");
        }
        catch (HttpRequestException e)
        {
            await errors.WriteLineAsync($"unhealthy: {url}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await errors.WriteLineAsync($"unhealthy: {url} did not answer within {DurationParser.Format(timeout)}");
        }
        return 1;
    }

    /// <summary>A server listening on every interface is asked on loopback; a named address, on that address.</summary>
    private static string AddressToDial(string host) => host switch
    {
        "" or "0.0.0.0" or "::" or "[::]" or "*" => "127.0.0.1",
        _ when IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 => $"[{host}]",
        _ => host,
    };
}
