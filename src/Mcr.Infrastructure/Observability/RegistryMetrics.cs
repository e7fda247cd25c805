using System.Diagnostics.Metrics;
using Mcr.Infrastructure.Audit;

namespace Mcr.Infrastructure.Observability;

/// <summary>
/// MCR's own instruments (SPEC §16), exported at <c>/metrics</c> beside the framework's HTTP, Kestrel and
/// runtime ones. Names follow the OpenTelemetry conventions; the Prometheus exporter adds the unit and
/// <c>_total</c>, so <c>mcr.sent</c> in bytes is scraped as <c>mcr_sent_bytes_total</c>.
/// </summary>
/// <remarks>
/// Bytes are the registry's payload (blob and manifest bodies stored or served), not HTTP headers or TLS
/// framing. Each call is a lock-free add when a listener is attached, nothing otherwise.
/// </remarks>
public sealed class RegistryMetrics
{
    public const string MeterName = "Mcr";

    private static readonly KeyValuePair<string, object?> _blob = new("content", "blob");
    private static readonly KeyValuePair<string, object?> _manifest = new("content", "manifest");
    private static readonly KeyValuePair<string, object?> _committed = new("outcome", "committed");
    private static readonly KeyValuePair<string, object?> _digestInvalid = new("outcome", "digest_invalid");

    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Histogram<double> _uploadDuration;
    private readonly Histogram<double> _gcDuration;
    private readonly Counter<long> _gcBytesFreed;
    private readonly Counter<long> _gcBlobsRemoved;

    /// <param name="audit">Observed at each scrape: events written, lost and waiting (SPEC §12's queue).</param>
    public RegistryMetrics(IMeterFactory meterFactory, AuditQueue audit)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(audit);
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("mcr.received", "By", "Blob and manifest bytes received and stored.");
        _sent = meter.CreateCounter<long>("mcr.sent", "By", "Blob and manifest bytes served.");
        _uploadDuration = meter.CreateHistogram("mcr.upload.duration", "s",
            "Time from the start of a blob upload to its commit, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600] });
        _gcDuration = meter.CreateHistogram("mcr.gc.duration", "s",
            "Duration of a garbage collection or reconcile run, by kind and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] });
        _gcBytesFreed = meter.CreateCounter<long>("mcr.gc.freed", "By", "Bytes of blob and upload files deleted by GC runs.");
        _gcBlobsRemoved = meter.CreateCounter<long>("mcr.gc.blobs_removed", "{blob}", "Blobs deleted by GC runs.");
        meter.CreateObservableCounter("mcr.audit.written", () => audit.WrittenCount, "{event}", "Audit events written to the database.");
        meter.CreateObservableCounter("mcr.audit.dropped", () => audit.DroppedCount, "{event}",
            "Audit events lost: the queue was full, the server was stopping, or their batch failed to write.");
        meter.CreateObservableUpDownCounter("mcr.audit.queued", () => audit.QueuedCount, "{event}", "Audit events waiting to be written.");
    }

    public void BlobReceived(long bytes) => Add(_received, bytes, _blob);

    public void BlobSent(long bytes) => Add(_sent, bytes, _blob);

    public void ManifestReceived(long bytes) => Add(_received, bytes, _manifest);

    public void ManifestSent(long bytes) => Add(_sent, bytes, _manifest);

    /// <summary>An upload ended at its commit: stored (<paramref name="committed"/>) or refused for its digest.</summary>
    public void UploadFinished(TimeSpan sinceStart, bool committed) =>
        _uploadDuration.Record(Math.Max(sinceStart.TotalSeconds, 0), committed ? _committed : _digestInvalid);

    /// <param name="kind"><c>gc</c> or <c>reconcile</c>, as in the GC status (<see cref="Gc.GcRunRecord.KindName"/>).</param>
    public void GcFinished(string kind, TimeSpan duration, bool completed, long bytesFreed, long blobsRemoved)
    {
        _gcDuration.Record(Math.Max(duration.TotalSeconds, 0), new("kind", kind), new("outcome", completed ? "completed" : "failed"));
        _gcBytesFreed.Add(bytesFreed);
        _gcBlobsRemoved.Add(blobsRemoved);
    }

    private static void Add(Counter<long> counter, long bytes, KeyValuePair<string, object?> tag)
    {
        if (bytes > 0)
        {
            counter.Add(bytes, tag);
        }
    }
}
