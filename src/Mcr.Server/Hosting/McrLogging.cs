using System.Text.Encodings.Web;
using System.Text.Json;
using Mcr.Infrastructure.Configuration;

namespace Mcr.Server.Hosting;

/// <summary>
/// Console logging at <c>log.level</c> in <c>log.format</c>, each line with the request id of the request
/// it was written for (<see cref="Observability.RequestIdMiddleware"/>); framework chatter kept at warning.
/// </summary>
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
        if (options.Format == "text")
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.IncludeScopes = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                console.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddJsonConsole(console =>
            {
                console.IncludeScopes = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                console.UseUtcTimestamp = true;
                // A log line is not HTML: keep "+", "<" and non-ASCII readable instead of \u-escaped.
                console.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // The gRPC interceptors log every call once, with its status; the framework would add a line per error status.
        logging.AddFilter("Grpc", LogLevel.Warning);
        // Off, not just quiet: while this category is enabled at any level, the host starts an Activity and
        // a logging scope for every request (for "Request starting" lines MCR never shows), which was a
        // tenth of a manifest GET's allocations. Unhandled request errors are logged by Kestrel's category.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
    }
}
