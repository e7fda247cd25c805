using System.Collections.Frozen;

namespace Mcr.Core.Errors;

/// <summary>The one table mapping each <see cref="OciErrorCode"/> to its wire code, default message and HTTP status.</summary>
public static class OciErrors
{
    public sealed record Entry(string Code, string Message, int Status);

    private static readonly FrozenDictionary<OciErrorCode, Entry> _table = new Dictionary<OciErrorCode, Entry>
    {
        [OciErrorCode.BlobUnknown] = new("BLOB_UNKNOWN", "blob unknown to registry", 404),
        [OciErrorCode.BlobUploadInvalid] = new("BLOB_UPLOAD_INVALID", "blob upload invalid", 400),
        [OciErrorCode.BlobUploadUnknown] = new("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", 404),
        [OciErrorCode.DigestInvalid] = new("DIGEST_INVALID", "provided digest did not match uploaded content", 400),
        [OciErrorCode.ManifestBlobUnknown] = new("MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry", 400),
        [OciErrorCode.ManifestInvalid] = new("MANIFEST_INVALID", "manifest invalid", 400),
        [OciErrorCode.ManifestUnknown] = new("MANIFEST_UNKNOWN", "manifest unknown to registry", 404),
        [OciErrorCode.NameInvalid] = new("NAME_INVALID", "invalid repository name", 400),
        [OciErrorCode.NameUnknown] = new("NAME_UNKNOWN", "repository name not known to registry", 404),
        [OciErrorCode.SizeInvalid] = new("SIZE_INVALID", "provided length did not match content length", 400),
        [OciErrorCode.Unauthorized] = new("UNAUTHORIZED", "authentication required", 401),
        [OciErrorCode.Denied] = new("DENIED", "requested access to the resource is denied", 403),
        [OciErrorCode.Unsupported] = new("UNSUPPORTED", "the operation is unsupported", 405),
        [OciErrorCode.TooManyRequests] = new("TOOMANYREQUESTS", "too many requests", 429),
        // Not in the spec's table, but the status the spec prescribes for these cases.
        [OciErrorCode.RangeInvalid] = new("BLOB_UPLOAD_INVALID", "requested range not satisfiable", 416),
        [OciErrorCode.ManifestTooLarge] = new("SIZE_INVALID", "manifest exceeds the size limit", 413),
        [OciErrorCode.Unavailable] = new("UNAVAILABLE", "service unavailable", 503),
        // A legacy Docker code (distribution's, which the spec lets clients meet): a bad `n` on a listing.
        [OciErrorCode.PaginationNumberInvalid] = new("PAGINATION_NUMBER_INVALID", "invalid number of results requested", 400),
        [OciErrorCode.Unknown] = new("UNKNOWN", "unknown error", 500),
    }.ToFrozenDictionary();

    public static Entry Get(OciErrorCode code) => _table[code];

    public static IEnumerable<OciErrorCode> All => _table.Keys;
}
