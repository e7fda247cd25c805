namespace Mcr.Core.Identity;

/// <summary>The roles MCR gives meaning to. MCIAS may send others; policy rules can match any string.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";
    public const string Guest = "guest";

    public static readonly IReadOnlyList<string> Known = [Admin, User, Guest];
}
