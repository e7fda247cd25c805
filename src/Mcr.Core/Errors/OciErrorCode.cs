namespace Mcr.Core.Errors;

/// <summary>The closed set of error codes of the OCI distribution spec (plus TOO_MANY_REQUESTS / UNAVAILABLE).</summary>
public enum OciErrorCode
{
    BlobUnknown,
    BlobUploadInvalid,
    BlobUploadUnknown,
    DigestInvalid,
    ManifestBlobUnknown,
    ManifestInvalid,
    ManifestUnknown,
    NameInvalid,
    NameUnknown,
    SizeInvalid,
    Unauthorized,
    Denied,
    Unsupported,
    TooManyRequests,
    RangeInvalid,
    ManifestTooLarge,
    Unavailable,
    PaginationNumberInvalid,
    Unknown,
}
