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
        // Off, not just quiet: while this category is enabled at any level, the host starts an Activity and
        // a logging scope for every request (for "Request starting" lines MCR never shows), which was a
        // tenth of a manifest GET's allocations. Unhandled request errors are logged by Kestrel's category.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
    }
}
