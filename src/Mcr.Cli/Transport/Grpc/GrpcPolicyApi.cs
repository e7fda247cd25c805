using Mcr.Cli.Client;
using V1 = Mcr.Protocol.V1;

namespace Mcr.Cli.Transport.Grpc;

internal sealed class GrpcPolicyApi(GrpcConnection grpc) : IPolicyApi
{
    private readonly V1.PolicyService.PolicyServiceClient _client = new(grpc.Channel);

    public async Task<PolicyRuleList> ListAsync(int n, int offset, CancellationToken cancellationToken)
    {
        var request = new V1.ListPolicyRulesRequest { Page = ProtoMapping.Page(n, offset) };
        var page = await grpc.CallAsync(o => _client.ListPolicyRulesAsync(request, o), cancellationToken);
        return new PolicyRuleList([.. page.Rules.Select(ProtoMapping.Rule)], page.Page?.Total ?? 0, page.Page?.N ?? n, page.Page?.Offset ?? offset);
    }

    public async Task<PolicyRule> GetAsync(long id, CancellationToken cancellationToken) =>
        ProtoMapping.Rule(await grpc.CallAsync(o => _client.GetPolicyRuleAsync(new V1.GetPolicyRuleRequest { Id = id }, o), cancellationToken));

    public async Task<PolicyRule> CreateAsync(PolicyRuleInput rule, CancellationToken cancellationToken)
    {
        var request = new V1.CreatePolicyRuleRequest { Rule = ProtoMapping.RuleInput(rule) };
        return ProtoMapping.Rule(await grpc.CallAsync(o => _client.CreatePolicyRuleAsync(request, o), cancellationToken));
    }

    public async Task<PolicyRule> UpdateAsync(long id, PolicyRuleInput changes, CancellationToken cancellationToken)
    {
        var request = new V1.UpdatePolicyRuleRequest { Id = id, Rule = ProtoMapping.RuleInput(changes) };
        return ProtoMapping.Rule(await grpc.CallAsync(o => _client.UpdatePolicyRuleAsync(request, o), cancellationToken));
    }

    public Task DeleteAsync(long id, CancellationToken cancellationToken) =>
        grpc.CallAsync(o => _client.DeletePolicyRuleAsync(new V1.DeletePolicyRuleRequest { Id = id }, o), cancellationToken);
}
