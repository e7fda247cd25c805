using System.CommandLine;
using Mcr.Web.Hosting;

namespace Mcr.Web.Cli;

/// <summary>
/// The <c>mcr-web</c> command line: <c>mcr-web server --config FILE</c> (the <c>[web]</c> section of the registry's
/// configuration) or <c>mcr-web server --dev [--data DIR]</c> (a local <c>mcrsrv server --dev</c>, no other setup).
/// </summary>
public static class WebCommandLine
{
    public static RootCommand Build() => new("mcr-web: the MCR container registry's web UI") { ServerCommand() };

    private static Command ServerCommand()
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "Path to the TOML configuration file (its [web] section)" };
        var dev = new Option<bool>("--dev") { Description = "Use a local 'mcrsrv server --dev': gRPC on localhost:9443, its certificate in ./mcr-dev/tls, listen on 127.0.0.1:8080" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "The dev server's data directory (default ./mcr-dev)" };
        var command = new Command("server", "Run the web UI") { config, dev, data };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configFile = parse.GetValue(config);
            var isDev = parse.GetValue(dev);
            if (configFile is null == !isDev)
            {
                Console.Error.WriteLine(isDev
                    ? "error: --config and --dev are exclusive"
                    : "error: pass --config FILE, or --dev for a local 'mcrsrv server --dev'");
                return 2;
            }
            var dataDirectory = parse.GetValue(data)?.FullName ?? Path.GetFullPath("mcr-dev");
            if (WebSettings.Load(configFile?.FullName, isDev ? dataDirectory : null, Console.Error) is not { } settings)
            {
                return 2;
            }
            await using var app = WebApp.Build(settings);
            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<WebListeners>().Endpoints;
            Console.WriteLine($"mcr-web {typeof(WebCommandLine).Assembly.GetName().Version?.ToString(3)} serving https on {string.Join(", ", addresses.Select(e => $"https://{e}"))} (TLS 1.3)");
            Console.WriteLine($"registry gRPC API: {settings.GrpcAddress}");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
