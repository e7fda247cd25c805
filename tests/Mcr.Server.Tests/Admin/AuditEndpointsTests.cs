using System.Net;
using Mcr.Core.Identity;
using Mcr.Core.Policy;
using Mcr.Server.Tests.Oci;

namespace Mcr.Server.Tests.Admin;

/// <summary><c>GET /v1/audit</c>: filters, paging and bad input over real HTTP.</summary>
public sealed class AuditEndpointsTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    [Fact]
    public async Task List_FilterByRepositoryTypeAndActor()
    {
        var repository = OciServerFixture.NewRepository("audit");
        await fixture.AdminPush.PushImageAsync(repository, "v1");
        using (var delete = await fixture.Admin.DeleteAsync($"/v1/repositories/{repository}"))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }
        await AdminApi.FlushAuditAsync(fixture.Server);
        var adminId = await AdminApi.AdminIdAsync(fixture.Server);

        var all = await ListAsync($"repository={repository}");
        var types = all.Select(e => e.GetProperty("event_type").GetString()).ToList();
        Assert.Contains("blob_uploaded", types);
        Assert.Contains("manifest_pushed", types);
        Assert.Equal("repo_deleted", types[0]); // newest first
        Assert.All(all, e => Assert.Equal(repository, e.GetProperty("repository").GetString()));

        var deleted = Assert.Single(await ListAsync($"repository={repository}&event_type=repo_deleted"));
        Assert.Equal(adminId, deleted.GetProperty("actor_id").GetString());
        Assert.Equal("1", deleted.GetProperty("details").GetProperty("manifests").GetString());
        Assert.False(string.IsNullOrEmpty(deleted.GetProperty("client_ip").GetString()));
        Assert.True(deleted.TryGetProperty("time", out _));

        Assert.Equal(all.Count, (await ListAsync($"repository={repository}&actor_id={adminId}")).Count);
        Assert.Empty(await ListAsync($"repository={repository}&actor_id=someone-else"));
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        Assert.Empty(await ListAsync($"repository={repository}&since={since}"));
        Assert.Empty(await ListAsync($"repository={repository}&until=2000-01-01"));
        Assert.Equal(all.Count, (await ListAsync($"repository={repository}&since=2000-01-01T00:00:00Z&until=2999-01-01")).Count);
    }

    [Fact]
    public async Task List_Paged_NewestFirstWithoutGapsOrRepeats()
    {
        var repository = OciServerFixture.NewRepository("auditpage");
        var oci = new OciTestClient(fixture.Admin);
        for (var i = 0; i < 3; i++)
        {
            await oci.PushBlobAsync(repository, OciTestClient.RandomBytes(10 + i));
        }
        await AdminApi.FlushAuditAsync(fixture.Server);

        var ids = new List<long>();
        for (var offset = 0; offset < 4; offset++)
        {
            using var response = await fixture.Admin.GetAsync($"/v1/audit?repository={repository}&n=1&offset={offset}");
            var body = await AdminApi.ReadAsync(response);
            Assert.Equal(3, body.GetProperty("total").GetInt64());
            Assert.Equal(1, body.GetProperty("n").GetInt32());
            Assert.Equal(offset, body.GetProperty("offset").GetInt32());
            ids.AddRange(AdminApi.Items(body, "events").Select(e => e.GetProperty("id").GetInt64()));
        }
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Theory]
    [InlineData("n=0")]
    [InlineData("n=1001")]
    [InlineData("n=x")]
    [InlineData("offset=-1")]
    [InlineData("event_type=coffee_made")]
    [InlineData("repository=Not..Valid")]
    [InlineData("since=yesterday")]
    [InlineData("until=2025-13-45")]
    [InlineData("since=2025-02-01&until=2025-01-01")]
    [InlineData("event_type=login_ok&event_type=login_failed")]
    public async Task List_BadQuery_BadRequest(string query)
    {
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"/v1/audit?{query}", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_NonAdmin_Forbidden()
    {
        await AdminApi.AssertGetErrorAsync(fixture.User, "/v1/audit", HttpStatusCode.Forbidden, "admin role required");
    }

    [Fact]
    public async Task V2Denial_AnsweredDeniedAndAuditedAsPolicyDeny()
    {
        // The built-in rules let only human accounts push: a system account's push is a policy denial.
        var repository = OciServerFixture.NewRepository("denied");
        using var robot = await fixture.Server.CreateClientForNewAccountAsync(
            $"robot{Guid.NewGuid():N}"[..20], Roles.User, AccountType.System);

        using var response = await robot.PostAsync($"/v2/{repository}/blobs/uploads/", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("DENIED", await ManifestTestClient.ErrorCodeAsync(response));
        await AdminApi.FlushAuditAsync(fixture.Server);
        var denial = Assert.Single(await ListAsync($"repository={repository}&event_type=policy_deny"));
        Assert.Equal(PolicyAction.Push, denial.GetProperty("details").GetProperty("action").GetString());
        Assert.Equal("default", denial.GetProperty("details").GetProperty("rule_id").GetString());
        Assert.False(string.IsNullOrEmpty(denial.GetProperty("client_ip").GetString()));
    }

    private async Task<List<System.Text.Json.JsonElement>> ListAsync(string query)
    {
        using var response = await fixture.Admin.GetAsync($"/v1/audit?{query}&n=1000");
        return [.. AdminApi.Items(await AdminApi.ReadAsync(response), "events")];
    }
}
