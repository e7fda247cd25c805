using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Gc;
using Mcr.Infrastructure.Observability;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Mcr.Server.Oci;

/// <summary>What the blob and upload handlers use, bound with <c>[AsParameters]</c> so handlers stay short.</summary>
/// <remarks>
/// Every member is marked as a service: the Request Delegate Generator cannot tell a service from a
/// JSON body at compile time, and would otherwise make the endpoint accept only JSON bodies.
/// </remarks>
internal readonly record struct UploadServices(
    [property: FromServices] IUploadStore Uploads,
    [property: FromServices] IBlobStore Blobs,
    [property: FromServices] IBlobMetadataStore Metadata,
    [property: FromServices] GcLock GcLock,
    [property: FromServices] IAuditSink Audit,
    [property: FromServices] TimeProvider Clock,
    [property: FromServices] RegistryMetrics Metrics);
