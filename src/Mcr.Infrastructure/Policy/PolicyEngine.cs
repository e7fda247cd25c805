using Mcr.Core.Policy;
using Microsoft.Extensions.Logging;

namespace Mcr.Infrastructure.Policy;

/// <summary>
/// The in-memory policy engine: an immutable snapshot of the built-in rules plus the enabled stored
/// rules, pre-sorted by priority, replaced wholesale by <see cref="ReloadAsync"/>. Evaluation reads
/// the current snapshot reference once and never locks.
/// </summary>
/// <remarks>
/// Start-up: the constructor does no I/O. Until the first successful <see cref="ReloadAsync"/>
/// (run by <see cref="PolicyEngineStartup"/> as a hosted service) every request is denied, because
/// evaluating the built-ins alone would ignore stored deny rules (fail closed). If a reload throws
/// (unreadable database, corrupt rule) the previous snapshot stays in force and the caller sees the
/// exception.
/// </remarks>
public sealed class PolicyEngine(PolicyRuleStore store, ILogger<PolicyEngine> logger) : IPolicyEngine
{
    private Snapshot? _snapshot;
    private long _generation;

    /// <summary>True once rules have been loaded from the store.</summary>
    public bool IsLoaded => Volatile.Read(ref _snapshot) is not null;

    /// <summary>The rules in force, in evaluation order (built-ins first); empty before loading.</summary>
    public IReadOnlyList<PolicyRule> Rules => Volatile.Read(ref _snapshot)?.Rules ?? [];

    public PolicyDecision Evaluate(PolicyInput input)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null)
        {
            PolicyLog.NotLoaded(logger);
            // an empty rule set is the default deny (plus the admin lock-out guard)
            return PolicyEvaluator.EvaluateOrdered(input, []);
        }
        return PolicyEvaluator.EvaluateOrdered(input, snapshot.Rules);
    }

    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        // Concurrent reloads may finish out of order; a generation taken before reading lets a
        // reload that started later (and so saw at least as much) never be replaced by an older one.
        var generation = Interlocked.Increment(ref _generation);
        var stored = await store.ListEnabledAsync(cancellationToken);
        var next = new Snapshot(generation, PolicyEvaluator.SortByPriority(BuiltInRules.All.Concat(stored)));

        while (true)
        {
            var current = Volatile.Read(ref _snapshot);
            if (current is not null && current.Generation > generation)
            {
                return;
            }
            if (ReferenceEquals(Interlocked.CompareExchange(ref _snapshot, next, current), current))
            {
                break;
            }
        }
        PolicyLog.RulesLoaded(logger, stored.Count, BuiltInRules.All.Count);
    }

    private sealed record Snapshot(long Generation, PolicyRule[] Rules);
}
