using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mcr.Infrastructure.Audit;
using Mcr.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Grpc;

public sealed class AuditServiceTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    private AuditService.AuditServiceClient Admin => new(fixture.Admin.Invoker);

    [Fact]
    public async Task List_FiltersByTypeAndTime()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await new PolicyService.PolicyServiceClient(fixture.Admin.Invoker).CreatePolicyRuleAsync(new CreatePolicyRuleRequest
        {
            Rule = new PolicyRuleInput { Priority = 50, Effect = "allow", Description = "audit me" },
        });
        await fixture.Server.Services.GetRequiredService<AuditQueue>().FlushAsync();

        var page = await Admin.ListAuditEventsAsync(new ListAuditEventsRequest
        {
            EventType = "policy_rule_created",
            Since = Timestamp.FromDateTimeOffset(since),
            Page = new PageRequest { N = 10 },
        });

        var created = Assert.Single(page.Events);
        Assert.Equal("policy_rule_created", created.EventType);
        Assert.False(string.IsNullOrEmpty(created.ActorId));
        Assert.Equal(1, page.Page.Total);
        Assert.Equal(10, page.Page.N);
    }

    [Fact]
    public async Task List_BadFilters_InvalidArgument()
    {
        var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var unknownType = await Assert.ThrowsAsync<RpcException>(async () =>
            await Admin.ListAuditEventsAsync(new ListAuditEventsRequest { EventType = "made_up" }));
        var backwards = await Assert.ThrowsAsync<RpcException>(async () =>
            await Admin.ListAuditEventsAsync(new ListAuditEventsRequest { Since = now, Until = now }));
        var badTime = await Assert.ThrowsAsync<RpcException>(async () =>
            await Admin.ListAuditEventsAsync(new ListAuditEventsRequest { Since = new Timestamp { Seconds = long.MaxValue } }));

        Assert.Equal(StatusCode.InvalidArgument, unknownType.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, backwards.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badTime.StatusCode);
    }
}
