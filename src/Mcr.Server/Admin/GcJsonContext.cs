using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mcr.Server.Admin;

/// <summary>Source-generated JSON for the <c>/v1/gc</c> bodies (snake_case; nulls written, so clients see every field).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GcStartedResponse))]
[JsonSerializable(typeof(GcStatusResponse))]
internal sealed partial class GcJsonContext : JsonSerializerContext;

/// <summary><c>202</c> body of <c>POST /v1/gc</c> and <c>POST /v1/gc/reconcile</c>.</summary>
public sealed record GcStartedResponse(string Id);

/// <summary><c>GET /v1/gc/status</c>.</summary>
public sealed record GcStatusResponse(bool Running, GcRunResponse? Current, GcRunResponse? LastRun);

/// <summary>
/// One run; <c>completed_at</c>, <c>duration_ms</c> are null while it runs, <c>error</c> is null unless it failed,
/// <c>kept</c> is null unless a collection completed.
/// </summary>
public sealed record GcRunResponse(
    string Id,
    string Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    long? DurationMs,
    long BlobsRemoved,
    long BytesFreed,
    long FilesRemoved,
    long ManifestsRemoved,
    long UploadsRemoved,
    GcKeptResponse? Kept,
    string? Error);

/// <summary>Why the remaining blobs were kept: referenced by a manifest, or seen, uploaded or mounted within the grace period.</summary>
public sealed record GcKeptResponse(long Referenced, long WithinGrace);
