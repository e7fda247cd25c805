namespace Mcr.Core.Identity;

public enum AccountType
{
    Human,
    System,
}

public static class AccountTypes
{
    public static string Name(this AccountType type) => type == AccountType.System ? "system" : "human";

    public static bool TryParse(string? value, out AccountType type)
    {
        switch (value)
        {
            case "human":
                type = AccountType.Human;
                return true;
            case "system":
                type = AccountType.System;
                return true;
            default:
                type = default;
                return false;
        }
    }
}
