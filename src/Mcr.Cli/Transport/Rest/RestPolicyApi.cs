using Mcr.Cli.Client;

namespace Mcr.Cli.Transport.Rest;

internal sealed class RestPolicyApi(RestConnection rest) : IPolicyApi
{
    public Task<PolicyRuleList> ListAsync(int n, int offset, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get,
            RestPaths.Query(RestPaths.PolicyRules, ("n", RestPaths.Number(n)), ("offset", RestPaths.Number(offset))),
            null, McrJson.Default.PolicyRuleList, cancellationToken);

    public Task<PolicyRule> GetAsync(long id, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Get, RestPaths.PolicyRule(id), null, McrJson.Default.PolicyRule, cancellationToken);

    public Task<PolicyRule> CreateAsync(PolicyRuleInput rule, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Post, RestPaths.PolicyRules, RestConnection.Json(rule, McrJson.Default.PolicyRuleInput),
            McrJson.Default.PolicyRule, cancellationToken);

    public Task<PolicyRule> UpdateAsync(long id, PolicyRuleInput changes, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Patch, RestPaths.PolicyRule(id), RestConnection.Json(changes, McrJson.Default.PolicyRuleInput),
            McrJson.Default.PolicyRule, cancellationToken);

    public Task DeleteAsync(long id, CancellationToken cancellationToken) =>
        rest.SendAsync(HttpMethod.Delete, RestPaths.PolicyRule(id), null, cancellationToken);
}
