using System.Diagnostics.CodeAnalysis;

namespace Mcr.Server.Oci;

/// <summary>
/// A parsed repository-scoped OCI path. Repository names contain slashes, so the path is split
/// from the right at the last recognised keyword (as distribution does):
/// <code>
/// /v2/&lt;name&gt;/manifests/&lt;reference&gt;     Manifest
/// /v2/&lt;name&gt;/blobs/uploads/               UploadStart (trailing slash optional)
/// /v2/&lt;name&gt;/blobs/uploads/&lt;id&gt;          Upload
/// /v2/&lt;name&gt;/blobs/&lt;digest&gt;             Blob
/// /v2/&lt;name&gt;/tags/list                    TagsList
/// /v2/&lt;name&gt;/referrers/&lt;digest&gt;         Referrers
/// </code>
/// The name is NOT validated here; endpoints reject invalid names with NAME_INVALID.
/// </summary>
public sealed record OciPath(OciRouteKind Kind, string Name, string Reference)
{
    /// <summary>Parses the part after <c>/v2/</c>.</summary>
    public static bool TryParse(string? rest, [NotNullWhen(true)] out OciPath? path)
    {
        path = null;
        if (string.IsNullOrEmpty(rest))
        {
            return false;
        }
        if (rest.EndsWith("/blobs/uploads", StringComparison.Ordinal) || rest.EndsWith("/blobs/uploads/", StringComparison.Ordinal))
        {
            var name = rest[..rest.LastIndexOf("/blobs/uploads", StringComparison.Ordinal)];
            return Make(OciRouteKind.UploadStart, name, "", out path);
        }
        if (rest.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            return Make(OciRouteKind.TagsList, rest[..^"/tags/list".Length], "", out path);
        }
        var lastSlash = rest.LastIndexOf('/');
        if (lastSlash <= 0 || lastSlash == rest.Length - 1)
        {
            return false;
        }
        // the part before the reference stays a span: only the name and the reference become strings
        var prefix = rest.AsSpan(0, lastSlash);
        var kind = prefix.EndsWith("/blobs/uploads", StringComparison.Ordinal) ? OciRouteKind.Upload
            : prefix.EndsWith("/manifests", StringComparison.Ordinal) ? OciRouteKind.Manifest
            : prefix.EndsWith("/blobs", StringComparison.Ordinal) ? OciRouteKind.Blob
            : prefix.EndsWith("/referrers", StringComparison.Ordinal) ? OciRouteKind.Referrers
            : (OciRouteKind?)null;
        if (kind is not { } found)
        {
            return false;
        }
        var keyword = prefix.LastIndexOf('/');
        if (found == OciRouteKind.Upload)
        {
            keyword = prefix[..keyword].LastIndexOf('/'); // "/blobs/uploads" is two segments
        }
        return Make(found, rest[..keyword], rest[(lastSlash + 1)..], out path);
    }

    private static bool Make(OciRouteKind kind, string name, string reference, out OciPath? path)
    {
        path = name.Length == 0 ? null : new OciPath(kind, name, reference);
        return path is not null;
    }
}
