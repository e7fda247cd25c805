using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mcr.Protocol.V1;
using Mcr.Server.Tests.Admin;
using Mcr.Server.Tests.Oci;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Grpc;

/// <summary>
/// The API sync rule, in data: for the same request the REST route and its RPC answer the same fields with the
/// same values, over a registry holding an image, a multi-arch index with a referrer, a policy rule, audit
/// events, a GC run and accounts.
/// </summary>
public sealed class RestGrpcParityTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    [Fact]
    public async Task EveryReadOperation_AnswersTheSameOverBothApis()
    {
        var repository = OciServerFixture.NewRepository("parity");
        var image = await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config(), "v1",
            layerAnnotations: new Dictionary<string, string> { ["org.example.layer"] = "base" });
        var arm = await AdminImages.PushAsync(fixture.AdminPush, repository, AdminImages.Config("linux", "arm64", "v8"));
        var index = await fixture.AdminPush.PushIndexAsync(repository, [image.Entry("linux", "amd64"), arm.Entry("linux", "arm64", "v8")], "multi");
        await fixture.AdminPush.PushImageAsync(repository, subject: index.Descriptor, artifactType: "application/vnd.example.sbom+json");
        var policy = new PolicyService.PolicyServiceClient(fixture.Admin.Invoker);
        var rule = await policy.CreatePolicyRuleAsync(new CreatePolicyRuleRequest
        {
            Rule = new PolicyRuleInput { Priority = 7, Effect = "allow", Description = "parity", Actions = new StringList { Values = { "registry:pull" } } },
        });
        var accounts = new AccountService.AccountServiceClient(fixture.Admin.Invoker);
        await accounts.CreateAccountAsync(new CreateAccountRequest { Username = "parity-ci", Type = "system", Roles = { "user" } });
        var admin = new AdminService.AdminServiceClient(fixture.Admin.Invoker);
        await admin.GarbageCollectAsync(new GarbageCollectRequest());
        await fixture.Server.Services.GetRequiredService<Infrastructure.Gc.GcCoordinator>().WaitForIdleAsync();
        await AdminApi.FlushAuditAsync(fixture.Server);
        var registry = new RegistryService.RegistryServiceClient(fixture.Admin.Invoker);
        var audit = new AuditService.AuditServiceClient(fixture.Admin.Invoker);
        var since = DateTimeOffset.UtcNow.AddHours(-1);

        await SameAsync($"/v1/repositories?q={repository}",
            await registry.ListRepositoriesAsync(new ListRepositoriesRequest { Query = repository }));
        await SameAsync($"/v1/repositories/{repository}", await registry.GetRepositoryAsync(new GetRepositoryRequest { Name = repository }));
        await SameAsync($"/v1/tags?repository={repository}", await registry.ListTagsAsync(new ListTagsRequest { Repository = repository }));
        await SameAsync($"/v1/manifests?repository={repository}&reference=multi",
            await registry.GetManifestAsync(new GetManifestRequest { Repository = repository, Reference = "multi" }));
        await SameAsync($"/v1/manifests?repository={repository}&reference=v1",
            await registry.GetManifestAsync(new GetManifestRequest { Repository = repository, Reference = "v1" }));
        await SameAsync($"/v1/manifests?repository={repository}&reference={index.Digest}",
            await registry.GetManifestAsync(new GetManifestRequest { Repository = repository, Reference = index.Digest.ToString() }));
        await SameAsync("/v1/stats", await registry.GetStatsAsync(new GetStatsRequest()));
        await SameAsync("/v1/policy/rules?n=1000", await policy.ListPolicyRulesAsync(new ListPolicyRulesRequest { Page = new PageRequest { N = 1000 } }));
        await SameAsync($"/v1/policy/rules/{rule.Id}", await policy.GetPolicyRuleAsync(new GetPolicyRuleRequest { Id = rule.Id }));
        await SameAsync($"/v1/audit?event_type=manifest_pushed&repository={repository}&since={since:O}".Replace("+", "%2B", StringComparison.Ordinal),
            await audit.ListAuditEventsAsync(new ListAuditEventsRequest
            {
                EventType = "manifest_pushed",
                Repository = repository,
                Since = Timestamp.FromDateTimeOffset(since),
            }));
        await SameAsync("/v1/gc/status", await admin.GetGCStatusAsync(new GetGCStatusRequest()));
        await SameAsync("/v1/health", await admin.HealthAsync(new HealthRequest()));
        await SameAsync("/v1/accounts", await accounts.ListAccountsAsync(new ListAccountsRequest()));
        await SameAsync("/v1/accounts/parity-ci", await accounts.GetAccountAsync(new GetAccountRequest { Username = "parity-ci" }));
    }

    private async Task SameAsync(string path, IMessage answer)
    {
        using var response = await fixture.AdminHttp.GetAsync(path);
        var body = await AdminApi.ReadAsync(response);
        ProtoJsonComparer.AssertSame(answer, body, path);
        Assert.NotEqual(JsonValueKind.Undefined, body.ValueKind);
    }
}
