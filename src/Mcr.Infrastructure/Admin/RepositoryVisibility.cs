using System.Runtime.CompilerServices;
using Mcr.Core.Identity;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Policy;
using Mcr.Infrastructure.Registry;

namespace Mcr.Infrastructure.Admin;

/// <summary>
/// Which repositories a caller may see in the admin API: those the policy lets it <c>registry:pull</c>, as
/// <c>/v2/_catalog</c> shows, so no admin view reveals a name the policy hides. Visibility is a per-name decision,
/// so the names are walked in order (keyset batches, in-memory evaluation, no audit for the hidden ones).
/// </summary>
public sealed class RepositoryVisibility(IRepositoryStore repositories, IPolicyEngine policy)
{
    /// <summary>Names read per batch.</summary>
    private const int ScanBatch = 1000;

    /// <summary>The names the principal may pull, in byte-wise order.</summary>
    public async IAsyncEnumerable<string> PullableAsync(Principal principal, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        string? cursor = null;
        while (true)
        {
            var batch = await repositories.ListNamesAsync(ScanBatch, cursor, cancellationToken);
            foreach (var name in batch.Items)
            {
                if (policy.Evaluate(PolicyInput.For(principal, PolicyAction.Pull, name)).Allowed)
                {
                    yield return name;
                }
            }
            if (!batch.HasMore || batch.Items.Count == 0)
            {
                yield break;
            }
            cursor = batch.Items[^1];
        }
    }
}
