using Mcr.Infrastructure.Observability;
using OpenTelemetry.Metrics;

namespace Mcr.Server.Observability;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format (SPEC §16), through the OpenTelemetry SDK and its
/// Prometheus exporter. Like every endpoint it needs an authenticated caller (SPEC §17: no anonymous
/// access); any account will do, so a scraper runs as a system account with the <c>guest</c> role.
/// </summary>
/// <remarks>
/// What is exported: requests by route, method and status with their durations (the framework's
/// <c>http.server.request.duration</c>), connections and TLS handshakes (Kestrel), the runtime's GC,
/// memory, CPU and thread-pool figures, and MCR's own <see cref="RegistryMetrics"/>. No label carries a
/// repository, user or digest, so the series stay few and nothing private is exposed.
/// </remarks>
internal static class MetricsEndpoint
{
    public const string Route = "/metrics";

    private const string HttpRequestDuration = "http.server.request.duration";

    /// <summary>The meters exported: MCR's, then the framework's (by the names they publish under).</summary>
    internal static readonly string[] Meters =
    [
        RegistryMetrics.MeterName,
        Grpc.GrpcMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
    ];

    public static IServiceCollection AddMcrMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Meters)
            // The SDK allocates room for every series an instrument may have up front, 2,000 by default: 4 MiB
            // of idle memory more than these limits for the 40-odd instruments here. HTTP requests have a few
            // hundred (route × method × status × protocol); every other instrument has a handful. Past the limit a series is
            // folded into one labelled otel_metric_overflow, not lost.
            .AddView(instrument => new MetricStreamConfiguration
            {
                CardinalityLimit = instrument.Name is HttpRequestDuration or Grpc.GrpcMetrics.DurationInstrument ? 1000 : 100,
            })
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        // The exporter maps every method; a scrape is a GET, anything else is 405.
        app.MapPrometheusScrapingEndpoint(Route).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        return app;
    }
}
