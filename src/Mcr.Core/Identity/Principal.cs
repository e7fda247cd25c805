namespace Mcr.Core.Identity;

/// <summary>An authenticated caller, as the identity provider vouched for it.</summary>
/// <param name="Subject">Stable account id (a UUID in MCIAS and the embedded provider).</param>
/// <param name="Username">Display name; may equal the subject when the provider does not say.</param>
public sealed record Principal(
    string Subject,
    string Username,
    AccountType AccountType,
    IReadOnlyList<string> Roles,
    DateTimeOffset ExpiresAt)
{
    public bool IsAdmin => Roles.Contains(Identity.Roles.Admin);
}
