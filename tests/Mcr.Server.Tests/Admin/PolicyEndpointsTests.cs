using System.Net;
using System.Text.Json;
using Mcr.Infrastructure.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Admin;

/// <summary>Policy rules CRUD over real HTTP: validation, 404s, audit events. Rules here never match the other tests' requests.</summary>
public sealed class PolicyEndpointsTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    private const string Rules = "/v1/policy/rules";

    [Fact]
    public async Task Crud_FullCycle_AuditsEveryChange()
    {
        using var created = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, Rules, """
            {"priority": 10, "description": "no pushes to prod", "effect": "deny", "actions": ["registry:push"],
             "repositories": ["crud-prod/*"], "account_types": ["system"]}
            """);
        var rule = await AdminApi.ReadAsync(created, HttpStatusCode.Created);
        var id = rule.GetProperty("id").GetInt64();
        Assert.Equal($"{Rules}/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("deny", rule.GetProperty("effect").GetString());
        Assert.True(rule.GetProperty("enabled").GetBoolean());
        Assert.Equal(["system"], rule.GetProperty("account_types").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(rule.GetProperty("roles").EnumerateArray());
        Assert.Equal(await AdminApi.AdminIdAsync(fixture.Server), rule.GetProperty("created_by").GetString());

        using (var get = await fixture.Admin.GetAsync($"{Rules}/{id}"))
        {
            Assert.Equal("no pushes to prod", (await AdminApi.ReadAsync(get)).GetProperty("description").GetString());
        }

        using (var patch = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Patch, $"{Rules}/{id}",
            """{"priority": 20, "enabled": false, "description": "paused"}"""))
        {
            var patched = await AdminApi.ReadAsync(patch);
            Assert.Equal(20, patched.GetProperty("priority").GetInt32());
            Assert.False(patched.GetProperty("enabled").GetBoolean());
            Assert.Equal("paused", patched.GetProperty("description").GetString());
            Assert.Equal(["registry:push"], patched.GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
        }

        using (var list = await fixture.Admin.GetAsync($"{Rules}?n=1000"))
        {
            var body = await AdminApi.ReadAsync(list);
            Assert.Contains(AdminApi.Items(body, "rules"), r => r.GetProperty("id").GetInt64() == id);
            Assert.True(body.GetProperty("total").GetInt64() >= 1);
        }

        using (var delete = await fixture.Admin.DeleteAsync($"{Rules}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        await AdminApi.AssertGetErrorAsync(fixture.Admin, $"{Rules}/{id}", HttpStatusCode.NotFound, "not found");
        using (var again = await fixture.Admin.DeleteAsync($"{Rules}/{id}"))
        {
            await AdminApi.AssertErrorAsync(again, HttpStatusCode.NotFound);
        }

        await AdminApi.FlushAuditAsync(fixture.Server);
        var store = fixture.Server.Services.GetRequiredService<AuditStore>();
        foreach (var type in new[] { AuditEventTypes.PolicyRuleCreated, AuditEventTypes.PolicyRuleUpdated, AuditEventTypes.PolicyRuleDeleted })
        {
            var page = await store.ListAsync(new AuditQuery { EventType = type, N = 1000 });
            var entry = Assert.Single(page.Items, e => e.Event.Details!["rule_id"] == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(await AdminApi.AdminIdAsync(fixture.Server), entry.Event.ActorId);
        }
    }

    [Theory]
    [InlineData("""{"priority": 0, "effect": "allow"}""", "priority must be at least 1")]
    [InlineData("""{"priority": -5, "effect": "allow"}""", "priority must be at least 1")]
    [InlineData("""{"effect": "allow"}""", "priority is required")]
    [InlineData("""{"priority": 5, "effect": "allow", "actions": ["registry:fly"]}""", "unknown action")]
    [InlineData("""{"priority": 5, "effect": "maybe"}""", "effect must be")]
    [InlineData("""{"priority": 5, "effect": "Allow"}""", "effect must be")]
    [InlineData("""{"priority": 5}""", "effect is required")]
    [InlineData("""{"priority": 5, "effect": "deny", "account_types": ["robot"]}""", "unknown account type")]
    [InlineData("""{"priority": 5, "effect": "deny", "repositories": ["/abs"]}""", "repository pattern")]
    [InlineData("""{"priority": 5, "effect": "deny", "actions": [null]}""", "must not contain null")]
    [InlineData("""{"priority": "high", "effect": "deny"}""", "invalid JSON body at $.priority")]
    [InlineData("""{"priority": 1.5, "effect": "deny"}""", "invalid JSON body")]
    [InlineData("""{"priority": 99999999999, "effect": "deny"}""", "invalid JSON body")]
    [InlineData("""{"priority": 5, "effect": "deny", "actions": "registry:pull"}""", "invalid JSON body")]
    [InlineData("""{"priority": 5, "effect": "deny", "enable": true}""", "invalid JSON body")]
    [InlineData("""{"priority": 5, "effect": """, "invalid JSON body")]
    [InlineData("""[1, 2]""", "invalid JSON body")]
    [InlineData("null", "must be an object")]
    [InlineData("", "JSON body is required")]
    [InlineData("not json at all", "invalid JSON body")]
    public async Task Create_BadInput_BadRequest(string body, string expected)
    {
        using var response = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, Rules, body);
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task Create_SeveralProblems_AllReported()
    {
        using var response = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, Rules,
            """{"priority": 0, "effect": "perhaps", "actions": ["registry:fly"]}""");
        var message = await AdminApi.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("effect must be", message, StringComparison.Ordinal);
        Assert.Contains("priority must be at least 1", message, StringComparison.Ordinal);
        Assert.Contains("unknown action", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_HugeBody_PayloadTooLarge()
    {
        var description = new string('x', 70 * 1024);
        using var response = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, Rules,
            $$"""{"priority": 5, "effect": "deny", "description": "{{description}}"}""");
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Create_HugeChunkedBody_PayloadTooLarge()
    {
        var description = new string('x', 70 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, Rules)
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
                $$"""{"priority": 5, "effect": "deny", "description": "{{description}}"}"""))),
        };
        request.Headers.TransferEncodingChunked = true;
        using var response = await fixture.Admin.SendAsync(request);
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Update_BadInput_BadRequestOrNotFound()
    {
        using var created = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, Rules,
            """{"priority": 50, "effect": "allow", "repositories": ["update-bad/*"], "actions": ["registry:pull"]}""");
        var id = (await AdminApi.ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetInt64();

        async Task ExpectAsync(string path, string body, HttpStatusCode status, string contains)
        {
            using var response = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Patch, path, body);
            await AdminApi.AssertErrorAsync(response, status, contains);
        }
        await ExpectAsync($"{Rules}/{id}", """{"priority": 0}""", HttpStatusCode.BadRequest, "priority must be at least 1");
        await ExpectAsync($"{Rules}/{id}", """{"effect": "sometimes"}""", HttpStatusCode.BadRequest, "effect must be");
        await ExpectAsync($"{Rules}/{id}", """{"actions": ["registry:pull", "root"]}""", HttpStatusCode.BadRequest, "unknown action");
        await ExpectAsync($"{Rules}/{id}", """{}""", HttpStatusCode.BadRequest, "no field to update");
        await ExpectAsync($"{Rules}/{id}", """{"enabled": "yes"}""", HttpStatusCode.BadRequest, "invalid JSON body");
        await ExpectAsync($"{Rules}/999999", """{"priority": 3}""", HttpStatusCode.NotFound, "not found");
        await ExpectAsync($"{Rules}/0", """{"priority": 3}""", HttpStatusCode.NotFound, "not found");
        await ExpectAsync($"{Rules}/-1", """{"priority": 3}""", HttpStatusCode.BadRequest, "built-in");
        await ExpectAsync($"{Rules}/abc", """{"priority": 3}""", HttpStatusCode.BadRequest, "rule id must be an integer");

        // the failed updates changed nothing
        using var get = await fixture.Admin.GetAsync($"{Rules}/{id}");
        var rule = await AdminApi.ReadAsync(get);
        Assert.Equal(50, rule.GetProperty("priority").GetInt32());
        Assert.Equal("allow", rule.GetProperty("effect").GetString());
    }

    [Theory]
    [InlineData("/999999", HttpStatusCode.NotFound)]
    [InlineData("/0", HttpStatusCode.NotFound)]
    [InlineData("/-2", HttpStatusCode.NotFound)]
    [InlineData("/1x", HttpStatusCode.BadRequest)]
    [InlineData("/99999999999999999999", HttpStatusCode.BadRequest)]
    [InlineData("?n=0", HttpStatusCode.BadRequest)]
    [InlineData("?n=1001", HttpStatusCode.BadRequest)]
    [InlineData("?offset=-3", HttpStatusCode.BadRequest)]
    [InlineData("?n=ten", HttpStatusCode.BadRequest)]
    public async Task Get_BadIdOrPaging_Error(string suffix, HttpStatusCode status)
    {
        await AdminApi.AssertGetErrorAsync(fixture.Admin, Rules + suffix, status);
    }

    [Fact]
    public async Task Delete_BuiltIn_BadRequest()
    {
        using var response = await fixture.Admin.DeleteAsync($"{Rules}/-1");
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, "built-in");
    }

    [Fact]
    public async Task List_Paged_ByPriority()
    {
        var ids = new List<long>();
        foreach (var priority in new[] { 900, 901, 902 })
        {
            using var created = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, Rules,
                $$"""{"priority": {{priority}}, "effect": "allow", "repositories": ["paged-{{priority}}/*"], "actions": ["registry:pull"]}""");
            ids.Add((await AdminApi.ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetInt64());
        }
        var seen = new List<JsonElement>();
        for (var offset = 0; ; offset++)
        {
            using var response = await fixture.Admin.GetAsync($"{Rules}?n=1&offset={offset}");
            var page = AdminApi.Items(await AdminApi.ReadAsync(response), "rules").ToList();
            if (page.Count == 0)
            {
                break;
            }
            seen.Add(Assert.Single(page));
        }
        var priorities = seen.Select(r => r.GetProperty("priority").GetInt32()).ToList();
        Assert.Equal(priorities.Order(), priorities);
        Assert.Equal(ids, seen.Select(r => r.GetProperty("id").GetInt64()).Where(ids.Contains));
    }
}
