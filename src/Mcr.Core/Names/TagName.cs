using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Mcr.Core.Names;

/// <summary>Validation of tags: <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c> (OCI distribution spec).</summary>
public static partial class TagName
{
    // \z, not $: $ also matches before a final newline, which would let "tag\n" through.
    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    public static bool IsValid([NotNullWhen(true)] string? tag) => !string.IsNullOrEmpty(tag) && Grammar().IsMatch(tag);
}
