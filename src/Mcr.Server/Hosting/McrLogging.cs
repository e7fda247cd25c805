using Mcr.Infrastructure.Configuration;

namespace Mcr.Server.Hosting;

/// <summary>Console logging at <c>log.level</c>; framework chatter kept at warning.</summary>
internal static class McrLogging
{
    public static void Configure(ILoggingBuilder logging, LogOptions options)
    {
        var level = options.Level switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        };
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    }
}
