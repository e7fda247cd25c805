using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Mcr.Core.Names;

/// <summary>
/// Validation of repository names against the OCI distribution grammar:
/// <c>[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*</c>.
/// The grammar excludes <c>..</c>, absolute paths and empty segments, so a valid name never
/// reaches the filesystem in a dangerous form (and MCR never uses names in paths anyway).
/// </summary>
public static partial class RepositoryName
{
    /// <summary>Longest accepted name; the spec lets registries cap it and clients keep host+name under 255.</summary>
    public const int MaxLength = 255;

    // \z, not $: $ also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    public static bool IsValid([NotNullWhen(true)] string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && Grammar().IsMatch(name);
}
