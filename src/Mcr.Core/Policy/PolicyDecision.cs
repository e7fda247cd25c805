namespace Mcr.Core.Policy;

/// <summary>The outcome of an evaluation and the rule that decided it (null for the default deny).</summary>
public sealed record PolicyDecision(PolicyEffect Effect, PolicyRule? Rule)
{
    public bool Allowed => Effect == PolicyEffect.Allow;
}
