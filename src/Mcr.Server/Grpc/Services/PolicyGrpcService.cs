using Grpc.Core;
using Mcr.Core.Policy;
using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Policy;
using Mcr.Protocol.V1;
using PolicyRule = Mcr.Protocol.V1.PolicyRule;
using PolicyRuleInput = Mcr.Infrastructure.Admin.PolicyRuleInput;

namespace Mcr.Server.Grpc.Services;

/// <summary>PolicyService: translates to <see cref="PolicyAdminService"/>, as <c>/v1/policy/rules</c> does.</summary>
internal sealed class PolicyGrpcService(PolicyAdminService service) : PolicyService.PolicyServiceBase
{
    public override async Task<ListPolicyRulesResponse> ListPolicyRules(ListPolicyRulesRequest request, ServerCallContext context)
    {
        var (n, offset) = GrpcCall.Paging(request.Page);
        var page = (await service.ListAsync(n, offset, context.CancellationToken)).Unwrap();
        return new ListPolicyRulesResponse { Rules = { page.Items.Select(ToMessage) }, Page = GrpcCall.PageInfo(page.Total, n, offset) };
    }

    public override async Task<PolicyRule> GetPolicyRule(GetPolicyRuleRequest request, ServerCallContext context) =>
        ToMessage((await service.GetAsync(request.Id, context.CancellationToken)).Unwrap());

    public override async Task<PolicyRule> CreatePolicyRule(CreatePolicyRuleRequest request, ServerCallContext context) =>
        ToMessage((await service.CreateAsync(context.Caller(), ToInput(request.Rule), context.CancellationToken)).Unwrap());

    public override async Task<PolicyRule> UpdatePolicyRule(UpdatePolicyRuleRequest request, ServerCallContext context) =>
        ToMessage((await service.UpdateAsync(context.Caller(), request.Id, ToInput(request.Rule), context.CancellationToken)).Unwrap());

    public override async Task<DeletePolicyRuleResponse> DeletePolicyRule(DeletePolicyRuleRequest request, ServerCallContext context)
    {
        (await service.DeleteAsync(context.Caller(), request.Id, context.CancellationToken)).Unwrap();
        return new DeletePolicyRuleResponse();
    }

    internal static PolicyRule ToMessage(StoredPolicyRule stored) => new()
    {
        Id = stored.Rule.Id,
        Priority = stored.Rule.Priority,
        Description = stored.Rule.Description,
        Effect = PolicyEffects.Name(stored.Rule.Effect),
        Enabled = stored.Enabled,
        Roles = { stored.Rule.Roles },
        AccountTypes = { stored.Rule.AccountTypes },
        SubjectUuid = stored.Rule.SubjectUuid ?? "",
        Actions = { stored.Rule.Actions },
        Repositories = { stored.Rule.Repositories },
        CreatedBy = stored.CreatedBy ?? "",
        CreatedAt = GrpcCall.Time(stored.CreatedAt),
        UpdatedAt = GrpcCall.Time(stored.UpdatedAt),
    };

    /// <summary>Absent fields stay null (an update leaves them alone), as an absent JSON field does.</summary>
    internal static PolicyRuleInput ToInput(Protocol.V1.PolicyRuleInput? rule) => rule is null ? new PolicyRuleInput() : new PolicyRuleInput
    {
        Priority = rule.HasPriority ? rule.Priority : null,
        Description = rule.HasDescription ? rule.Description : null,
        Effect = rule.HasEffect ? rule.Effect : null,
        Enabled = rule.HasEnabled ? rule.Enabled : null,
        Roles = rule.Roles?.Values.ToArray(),
        AccountTypes = rule.AccountTypes?.Values.ToArray(),
        SubjectUuid = rule.HasSubjectUuid ? rule.SubjectUuid : null,
        Actions = rule.Actions?.Values.ToArray(),
        Repositories = rule.Repositories?.Values.ToArray(),
    };
}
