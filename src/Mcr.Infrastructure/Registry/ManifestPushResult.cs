using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Registry;

/// <summary>Outcome of <see cref="IManifestStore.PushAsync"/>.</summary>
public abstract record ManifestPushResult
{
    private ManifestPushResult()
    {
    }

    /// <summary>The manifest is stored and the tags point at it; <paramref name="Created"/> is false for a re-push.</summary>
    public sealed record Stored(bool Created) : ManifestPushResult;

    /// <summary>A required blob is not readable in the repository → <c>MANIFEST_BLOB_UNKNOWN</c>. Nothing was written.</summary>
    public sealed record MissingBlob(Digest Digest) : ManifestPushResult;

    /// <summary>An index child is not a manifest of the repository → <c>MANIFEST_UNKNOWN</c>. Nothing was written.</summary>
    public sealed record MissingManifest(Digest Digest) : ManifestPushResult;
}
