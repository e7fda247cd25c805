using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Mcr.Core.Names;

/// <summary>Validation of tags: <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c> (OCI distribution spec).</summary>
public static partial class TagName
{
    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    public static bool IsValid([NotNullWhen(true)] string? tag) => !string.IsNullOrEmpty(tag) && Grammar().IsMatch(tag);
}
