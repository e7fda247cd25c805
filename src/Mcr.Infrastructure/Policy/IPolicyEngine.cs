using Mcr.Core.Policy;

namespace Mcr.Infrastructure.Policy;

/// <summary>Evaluates requests against the built-in rules plus the enabled stored rules, cached in memory.</summary>
public interface IPolicyEngine
{
    PolicyDecision Evaluate(PolicyInput input);

    /// <summary>Re-reads the stored rules; call after every rule change.</summary>
    Task ReloadAsync(CancellationToken cancellationToken = default);
}
