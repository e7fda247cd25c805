using System.Diagnostics.CodeAnalysis;
using Mcr.Core.Errors;

namespace Mcr.Core.Manifests;

/// <summary>Why a manifest was rejected: the OCI error code to answer with and a message for the client.</summary>
public sealed record ManifestParseError(OciErrorCode Code, string Message);

/// <summary>Either a <see cref="ParsedManifest"/> or a <see cref="ManifestParseError"/>.</summary>
public sealed class ManifestParseResult
{
    private ManifestParseResult(ParsedManifest? manifest, ManifestParseError? error)
    {
        Manifest = manifest;
        Error = error;
    }

    public ParsedManifest? Manifest { get; }

    public ManifestParseError? Error { get; }

    [MemberNotNullWhen(true, nameof(Manifest))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Manifest is not null;

    public static ManifestParseResult Success(ParsedManifest manifest) => new(manifest, null);

    public static ManifestParseResult Failure(OciErrorCode code, string message) => new(null, new ManifestParseError(code, message));
}
