namespace Mcr.Core.Manifests;

/// <summary>Bounds on manifest content.</summary>
public static class ManifestLimits
{
    /// <summary>Largest manifest accepted (4 MiB, the size the distribution spec says clients may expect); larger → 413.</summary>
    public const int MaxSize = 4 * 1024 * 1024;
}
