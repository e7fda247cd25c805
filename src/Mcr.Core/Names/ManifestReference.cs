using Mcr.Core.Digests;

namespace Mcr.Core.Names;

/// <summary>
/// The <c>&lt;reference&gt;</c> of a manifest path: a digest or a tag (the spec allows nothing else).
/// A reference with a ':' can only be meant as a digest (tags cannot contain one), so a malformed one is
/// reported as a bad digest; anything else that is not a valid tag is <see cref="IsValid"/> false.
/// </summary>
public readonly record struct ManifestReference
{
    private ManifestReference(Digest? digest, string? tag, string? error)
    {
        Digest = digest;
        Tag = tag;
        Error = error;
    }

    /// <summary>Set when the reference is a digest.</summary>
    public Digest? Digest { get; }

    /// <summary>Set when the reference is a tag.</summary>
    public string? Tag { get; }

    /// <summary>Why the reference is neither; null when valid.</summary>
    public string? Error { get; }

    public bool IsValid => Error is null;

    /// <summary>True when the reference looks like a digest but is not a valid one (→ DIGEST_INVALID).</summary>
    public bool IsMalformedDigest { get; private init; }

    public static ManifestReference Parse(string reference)
    {
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            return Core.Digests.Digest.TryParse(reference, out var digest, out var error)
                ? new ManifestReference(digest, null, null)
                : new ManifestReference(null, null, error) { IsMalformedDigest = true };
        }
        return TagName.IsValid(reference)
            ? new ManifestReference(null, reference, null)
            : new ManifestReference(null, null, "reference is neither a digest nor a valid tag");
    }
}
