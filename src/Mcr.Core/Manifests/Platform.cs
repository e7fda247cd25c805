namespace Mcr.Core.Manifests;

/// <summary>
/// The <c>platform</c> of an index entry (or what an image config says): <c>os</c>, <c>architecture</c>,
/// <c>variant</c> and <c>os.version</c>, each null when absent. Informational only: the registry decides nothing by it.
/// </summary>
public sealed record Platform(string? Os, string? Architecture, string? Variant = null, string? OsVersion = null);
