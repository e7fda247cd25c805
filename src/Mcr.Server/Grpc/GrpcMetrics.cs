using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Mcr.Server.Grpc;

/// <summary>
/// Per-RPC calls and durations at <c>/metrics</c> (<c>mcr_grpc_server_call_duration_seconds</c>, labelled by
/// method and gRPC status; its <c>_count</c> is the number of calls). The framework's HTTP metrics see every
/// call as a 200.
/// </summary>
internal sealed class GrpcMetrics
{
    public const string MeterName = "Mcr.Grpc";

    public const string DurationInstrument = "mcr.grpc.server.call.duration";

    private readonly Histogram<double> _duration;

    public GrpcMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram(DurationInstrument, "s", "Duration of gRPC calls, by method and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public void Record(string method, StatusCode status, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new("rpc_method", method), new("rpc_grpc_status_code", status.ToString()));
}
