using System.Globalization;
using Mcr.Core.Digests;

namespace Mcr.Infrastructure.Storage;

/// <summary>
/// The one place that turns a blob's identity into a path on disk (SPEC §7). Paths are built only
/// from a parsed <see cref="Digest"/> (an algorithm from a closed set plus lowercase hex of exactly
/// the right length) or a <see cref="Guid"/>, so no client-controlled text can reach the filesystem.
/// <code>
/// &lt;layers_path&gt;/
///   sha256/
///     ab/
///       ab12…(64 hex)          committed blob, mode 0444
///   sha512/
///     cd/
///       cd34…(128 hex)
/// &lt;uploads_path&gt;/
///   3f2504e0-4f89-11d3-9a0c-0305e82c3301   upload in progress ("D" format, lowercase)
/// </code>
/// layers_path and uploads_path must share a filesystem so that commit is an atomic rename.
/// </summary>
internal sealed class BlobPaths
{
    /// <summary>Length of the prefix directory name (first hex characters of the digest).</summary>
    public const int PrefixLength = 2;

    public BlobPaths(string layersPath, string uploadsPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(layersPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(uploadsPath);
        LayersRoot = Path.GetFullPath(layersPath);
        UploadsRoot = Path.GetFullPath(uploadsPath);
    }

    /// <summary>Absolute <c>layers_path</c>.</summary>
    public string LayersRoot { get; }

    /// <summary>Absolute <c>uploads_path</c>.</summary>
    public string UploadsRoot { get; }

    /// <summary><c>&lt;layers_path&gt;/&lt;algorithm&gt;</c>.</summary>
    public string AlgorithmDirectory(DigestAlgorithm algorithm) => Path.Combine(LayersRoot, algorithm.Name());

    /// <summary><c>&lt;layers_path&gt;/&lt;algorithm&gt;/&lt;first two hex&gt;</c>.</summary>
    public string PrefixDirectory(Digest digest) =>
        Path.Combine(AlgorithmDirectory(digest.Algorithm), Checked(digest).Hex[..PrefixLength]);

    /// <summary><c>&lt;layers_path&gt;/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;</c>.</summary>
    public string Blob(Digest digest) => Path.Combine(PrefixDirectory(digest), digest.Hex);

    /// <summary><c>&lt;uploads_path&gt;/&lt;uuid&gt;</c>.</summary>
    public string Upload(Guid uploadId) => Path.Combine(UploadsRoot, UploadFileName(uploadId));

    /// <summary>The temp file name of an upload: the GUID in "D" format, lowercase.</summary>
    public static string UploadFileName(Guid uploadId) => uploadId.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>Whether a directory name inside an algorithm directory can be a prefix directory.</summary>
    public static bool IsPrefixName(string name) =>
        name.Length == PrefixLength && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiHexDigitLower(c));

    /// <summary>
    /// Parses a file found at <c>&lt;algorithm&gt;/&lt;prefix&gt;/&lt;name&gt;</c> back into its digest;
    /// false for junk (temp files, wrong prefix, bad hex).
    /// </summary>
    public static bool TryParseBlobName(DigestAlgorithm algorithm, string prefix, string fileName, out Digest digest) =>
        Digest.TryParse($"{algorithm.Name()}:{fileName}", out digest)
        && digest.Hex.StartsWith(prefix, StringComparison.Ordinal)
        && prefix.Length == PrefixLength;

    /// <summary>Parses an upload temp file name; only GUIDs in "D" format count.</summary>
    public static bool TryParseUploadName(string fileName, out Guid uploadId) =>
        Guid.TryParseExact(fileName, "D", out uploadId) && fileName == UploadFileName(uploadId);

    // default(Digest) has no hex; refuse it rather than build "<layers>/sha256/".
    private static Digest Checked(Digest digest) =>
        digest.Hex is null ? throw new ArgumentException("digest is not initialized", nameof(digest)) : digest;
}
