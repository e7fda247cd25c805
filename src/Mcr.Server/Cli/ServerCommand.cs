using System.CommandLine;
using Mcr.Server.Hosting;

namespace Mcr.Server.Cli;

/// <summary><c>mcrsrv server --config FILE | --dev [--data DIR]</c>: runs the registry until SIGINT/SIGTERM.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var settings = new SettingsOptions();
        var command = new Command("server", "Run the registry server");
        settings.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (settings.Resolve(parse) is not { } resolved)
            {
                return 2;
            }
            await using var app = McrApplication.Build(resolved.Options);
            var admin = await BootstrapAdmin.EnsureAsync(app.Services, Environment.GetEnvironmentVariable("MCR_ADMIN_PASSWORD"), cancellationToken);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (DataDirectoryInUseException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            var listeners = app.Services.GetRequiredService<McrListeners>();
            Console.WriteLine($"MCR {typeof(ServerCommand).Assembly.GetName().Version?.ToString(3)} serving https on {string.Join(", ", listeners.RestEndpoints.Select(e => $"https://{e}"))} (TLS 1.3)");
            if (listeners.GrpcEndpoints.Count > 0)
            {
                Console.WriteLine($"gRPC admin API on {string.Join(", ", listeners.GrpcEndpoints)} (TLS 1.3)");
            }
            Console.WriteLine($"data directory: {resolved.DataDirectory}");
            if (admin is not null)
            {
                admin.Print(Console.Out);
            }
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
