namespace Mcr.Core.Policy;

public enum PolicyEffect
{
    Allow,
    Deny,
}

/// <summary>The wire and storage names of <see cref="PolicyEffect"/>: <c>allow</c> and <c>deny</c>.</summary>
public static class PolicyEffects
{
    public static string Name(this PolicyEffect effect) => effect == PolicyEffect.Deny ? "deny" : "allow";

    public static bool TryParse(string? value, out PolicyEffect effect)
    {
        switch (value)
        {
            case "allow":
                effect = PolicyEffect.Allow;
                return true;
            case "deny":
                effect = PolicyEffect.Deny;
                return true;
            default:
                effect = default;
                return false;
        }
    }
}
