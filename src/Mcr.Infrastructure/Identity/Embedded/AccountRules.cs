using System.Text.RegularExpressions;
using Mcr.Core.Identity;

namespace Mcr.Infrastructure.Identity.Embedded;

/// <summary>What a valid embedded account looks like.</summary>
public static partial class AccountRules
{
    public const int MinPasswordLength = 12;

    // PBKDF2 pre-hashes long passwords, so this is not about cost; it bounds what we accept and store.
    public const int MaxPasswordLength = 1024;

    public static bool IsValidUsername(string? username) => username is not null && UsernamePattern().IsMatch(username);

    public static bool IsKnownRole(string role) => Roles.Known.Contains(role, StringComparer.Ordinal);

    /// <summary>Null if the password is acceptable, else why not.</summary>
    public static string? CheckPassword(string? password) => password switch
    {
        null => "a password is required",
        { Length: < MinPasswordLength } => $"password must be at least {MinPasswordLength} characters",
        { Length: > MaxPasswordLength } => $"password must be at most {MaxPasswordLength} characters",
        _ => null,
    };

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
