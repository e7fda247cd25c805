namespace Mcr.Server.Oci;

/// <summary>The kinds of repository-scoped <c>/v2/&lt;name&gt;/…</c> paths.</summary>
public enum OciRouteKind
{
    Manifest,
    Blob,
    UploadStart,
    Upload,
    TagsList,
    Referrers,
}
