using Mcr.Infrastructure.Audit;
using Mcr.Infrastructure.Gc;
using Mcr.Infrastructure.Registry;
using Mcr.Infrastructure.Storage;

namespace Mcr.Server.Oci;

/// <summary>What the blob and upload handlers use, bound with <c>[AsParameters]</c> so handlers stay short.</summary>
internal readonly record struct UploadServices(
    IUploadStore Uploads,
    IBlobStore Blobs,
    IBlobMetadataStore Metadata,
    GcLock GcLock,
    IAuditSink Audit,
    TimeProvider Clock);
