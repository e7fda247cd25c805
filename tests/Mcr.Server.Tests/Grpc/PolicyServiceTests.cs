using Grpc.Core;
using Mcr.Protocol.V1;

namespace Mcr.Server.Tests.Grpc;

public sealed class PolicyServiceTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    private PolicyService.PolicyServiceClient Admin => new(fixture.Admin.Invoker);

    [Fact]
    public async Task CreateGetUpdateListDelete_RoundTrips()
    {
        var created = await Admin.CreatePolicyRuleAsync(new CreatePolicyRuleRequest
        {
            Rule = new PolicyRuleInput
            {
                Priority = 10,
                Description = "no CI pushes to prod",
                Effect = "deny",
                AccountTypes = new StringList { Values = { "system" } },
                Actions = new StringList { Values = { "registry:push" } },
                Repositories = new StringList { Values = { "production/*" } },
            },
        });
        Assert.True(created.Id > 0);
        Assert.True(created.Enabled);
        Assert.Equal(["production/*"], created.Repositories);

        var updated = await Admin.UpdatePolicyRuleAsync(new UpdatePolicyRuleRequest
        {
            Id = created.Id,
            Rule = new PolicyRuleInput { Enabled = false, Repositories = new StringList() },
        });
        Assert.False(updated.Enabled);
        Assert.Empty(updated.Repositories);
        Assert.Equal("no CI pushes to prod", updated.Description); // absent fields stay

        var fetched = await Admin.GetPolicyRuleAsync(new GetPolicyRuleRequest { Id = created.Id });
        Assert.Equal(updated, fetched);
        var list = await Admin.ListPolicyRulesAsync(new ListPolicyRulesRequest());
        Assert.Contains(list.Rules, rule => rule.Id == created.Id);
        Assert.Equal(100, list.Page.N);

        await Admin.DeletePolicyRuleAsync(new DeletePolicyRuleRequest { Id = created.Id });
        var gone = await Assert.ThrowsAsync<RpcException>(async () => await Admin.GetPolicyRuleAsync(new GetPolicyRuleRequest { Id = created.Id }));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Create_BadInput_InvalidArgument()
    {
        var noEffect = await Assert.ThrowsAsync<RpcException>(async () =>
            await Admin.CreatePolicyRuleAsync(new CreatePolicyRuleRequest { Rule = new PolicyRuleInput { Priority = 1 } }));
        var badAction = await Assert.ThrowsAsync<RpcException>(async () => await Admin.CreatePolicyRuleAsync(new CreatePolicyRuleRequest
        {
            Rule = new PolicyRuleInput { Priority = 1, Effect = "allow", Actions = new StringList { Values = { "registry:everything" } } },
        }));
        var badPage = await Assert.ThrowsAsync<RpcException>(async () =>
            await Admin.ListPolicyRulesAsync(new ListPolicyRulesRequest { Page = new PageRequest { N = 5000 } }));

        Assert.Equal(StatusCode.InvalidArgument, noEffect.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badAction.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badPage.StatusCode);
    }

    [Fact]
    public async Task BuiltInRule_CannotBeChanged()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await Admin.DeletePolicyRuleAsync(new DeletePolicyRuleRequest { Id = -1 }));

        Assert.NotEqual(StatusCode.OK, refused.StatusCode);
        Assert.NotEqual(StatusCode.Internal, refused.StatusCode);
    }
}
