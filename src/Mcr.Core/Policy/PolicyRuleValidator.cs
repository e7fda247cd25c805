using Mcr.Core.Identity;
using Mcr.Core.Names;

namespace Mcr.Core.Policy;

/// <summary>
/// Checks a rule an administrator wants to store (SPEC §5, seeds step 8.3). Returns every problem
/// found, as messages fit for a 400 response; an empty list means the rule may be stored.
/// Empty match fields are allowed: they are wildcards.
/// </summary>
public static class PolicyRuleValidator
{
    public const int MaxDescriptionLength = 256;
    public const int MaxFieldLength = 128;

    public static IReadOnlyList<string> Validate(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var errors = new List<string>();

        if (rule.Priority < 1)
        {
            errors.Add("priority must be at least 1 (0 is reserved for built-in rules)");
        }
        if (rule.Description.Length > MaxDescriptionLength)
        {
            errors.Add($"description must be at most {MaxDescriptionLength} characters");
        }
        if (!Enum.IsDefined(rule.Effect))
        {
            errors.Add("effect must be \"allow\" or \"deny\"");
        }
        foreach (var action in rule.Actions)
        {
            if (!PolicyAction.IsKnown(action))
            {
                errors.Add($"unknown action \"{Shorten(action)}\"; known actions: {string.Join(", ", PolicyAction.All)}");
            }
        }
        foreach (var accountType in rule.AccountTypes)
        {
            if (!AccountTypes.TryParse(accountType, out _))
            {
                errors.Add($"unknown account type \"{Shorten(accountType)}\"; expected \"human\" or \"system\"");
            }
        }
        foreach (var role in rule.Roles)
        {
            if (!IsToken(role))
            {
                errors.Add($"role \"{Shorten(role)}\" must be 1-{MaxFieldLength} characters without spaces");
            }
        }
        if (rule.SubjectUuid is { Length: > 0 } subject && !IsToken(subject))
        {
            errors.Add($"subject_uuid must be 1-{MaxFieldLength} characters without spaces");
        }
        foreach (var pattern in rule.Repositories)
        {
            if (GlobError(pattern) is { } error)
            {
                errors.Add($"repository pattern \"{Shorten(pattern)}\": {error}");
            }
        }
        return errors;
    }

    /// <summary>Why <paramref name="pattern"/> is not a usable repository glob, or null when it is.</summary>
    public static string? GlobError(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return "must not be empty";
        }
        if (pattern.Length > RepositoryName.MaxLength)
        {
            return $"must be at most {RepositoryName.MaxLength} characters";
        }
        foreach (var c in pattern)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' or '/' or '*' or '?'))
            {
                return "may contain only a-z, 0-9, '.', '_', '-', '/', '*' and '?'";
            }
        }
        if (pattern.Split('/').Any(static segment => segment.Length == 0))
        {
            return "must not start or end with '/' or contain '//'";
        }
        if (pattern.Contains("**", StringComparison.Ordinal))
        {
            // would silently behave like '*': say so rather than surprise someone expecting recursion
            return "'**' is not supported; '*' matches within one path segment";
        }
        return null;
    }

    private static bool IsToken(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxFieldLength && !value.Any(static c => char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>Keeps error messages bounded when someone posts a huge value.</summary>
    private static string Shorten(string? value) =>
        value is null ? "" : value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");
}
