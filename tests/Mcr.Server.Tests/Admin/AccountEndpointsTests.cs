using System.Net;
using Mcr.Infrastructure.Audit;
using Mcr.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Admin;

/// <summary><c>/v1/accounts</c> over real HTTP with the embedded identity provider.</summary>
public sealed class AccountEndpointsTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    private McrTestServer Server => fixture.Server;

    [Fact]
    public async Task List_ShowsEveryAccount_NeverAHash()
    {
        using var response = await fixture.Admin.GetAsync("/v1/accounts");
        var text = await response.Content.ReadAsStringAsync();
        var body = await AdminApi.ReadAsync(response);

        AdminApi.AssertFields(body, "accounts");
        var accounts = AdminApi.Items(body, "accounts").ToList();
        Assert.Equal(accounts.Select(a => a.GetProperty("username").GetString()).Order(StringComparer.Ordinal),
            accounts.Select(a => a.GetProperty("username").GetString()));
        var admin = accounts.Single(a => a.GetProperty("username").GetString() == "admin");
        AdminApi.AssertFields(admin, "id", "username", "type", "roles", "disabled", "has_password", "created_at", "updated_at");
        Assert.Equal(await AdminApi.AdminIdAsync(Server), admin.GetProperty("id").GetString());
        Assert.Equal("human", admin.GetProperty("type").GetString());
        AdminApi.AssertJson("""["admin"]""", admin.GetProperty("roles"));
        Assert.False(admin.GetProperty("disabled").GetBoolean());
        Assert.True(admin.GetProperty("has_password").GetBoolean());
        Assert.True(AdminApi.Time(admin, "updated_at") >= AdminApi.Time(admin, "created_at"));
        Assert.Contains(accounts, a => a.GetProperty("username").GetString() == "alice");
        Assert.DoesNotContain("pbkdf2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Human_201WithLocation_LogsIn_Audited()
    {
        using var response = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, "/v1/accounts",
            $$"""{"username":"carol","password":"{{AccountApi.Password}}"}""");
        var created = await AdminApi.ReadAsync(response, HttpStatusCode.Created);

        Assert.Equal("/v1/accounts/carol", response.Headers.Location?.OriginalString);
        Assert.True(Guid.TryParse(created.GetProperty("id").GetString(), out _));
        Assert.Equal("carol", created.GetProperty("username").GetString());
        Assert.Equal("human", created.GetProperty("type").GetString());
        AdminApi.AssertJson("""["user"]""", created.GetProperty("roles"));
        Assert.False(created.GetProperty("disabled").GetBoolean());
        Assert.True(created.GetProperty("has_password").GetBoolean());
        using (var get = await fixture.Admin.GetAsync("/v1/accounts/carol"))
        {
            AdminApi.AssertJson(created.GetRawText(), await AdminApi.ReadAsync(get));
        }
        Assert.Equal(HttpStatusCode.OK, (await AccountApi.LoginAsync(Server, "carol", AccountApi.Password)).Status);

        var entry = await SingleEventAsync(AuditEventTypes.AccountCreated, "carol");
        Assert.Equal(await AdminApi.AdminIdAsync(Server), entry.ActorId);
        Assert.Equal(created.GetProperty("id").GetString(), entry.Details!["account_id"]);
        Assert.Equal("human", entry.Details["type"]);
        Assert.Equal("user", entry.Details["roles"]);
        Assert.DoesNotContain(AccountApi.Password, string.Join(",", entry.Details.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemAccount_Token_WorksUntilDisabled_AndAgainWhenEnabled()
    {
        var created = await AccountApi.CreateAsync(fixture.Admin, """{"username":"ci-one","type":"system","roles":["user","guest"]}""");
        Assert.Equal("system", created.GetProperty("type").GetString());
        AdminApi.AssertJson("""["user","guest"]""", created.GetProperty("roles"));
        Assert.False(created.GetProperty("has_password").GetBoolean());

        string token;
        using (var issue = await fixture.Admin.PostAsync("/v1/accounts/ci-one/token", null))
        {
            var body = await AdminApi.ReadAsync(issue, HttpStatusCode.Created);
            AdminApi.AssertFields(body, "token", "expires_at");
            token = body.GetProperty("token").GetString()!;
            var expected = DateTimeOffset.UtcNow + Server.Options.Identity.SystemTokenTtl;
            Assert.InRange(AdminApi.Time(body, "expires_at"), expected.AddMinutes(-1), expected.AddMinutes(1));
        }
        Assert.Equal(HttpStatusCode.OK, await AccountApi.StatusWithTokenAsync(Server, token, "/v2/"));
        Assert.Equal(HttpStatusCode.OK, await AccountApi.StatusWithTokenAsync(Server, token, "/v1/stats"));
        Assert.Equal(HttpStatusCode.OK, await BasicStatusAsync("ci-one", token));

        using (var disable = await fixture.Admin.PostAsync("/v1/accounts/ci-one/disable", null))
        {
            Assert.True((await AdminApi.ReadAsync(disable)).GetProperty("disabled").GetBoolean());
        }
        // at once, not when a cache entry expires
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountApi.StatusWithTokenAsync(Server, token, "/v2/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccountApi.StatusWithTokenAsync(Server, token, "/v1/stats"));
        Assert.Equal(HttpStatusCode.Unauthorized, await BasicStatusAsync("ci-one", token));
        using (var refused = await fixture.Admin.PostAsync("/v1/accounts/ci-one/token", null))
        {
            await AdminApi.AssertErrorAsync(refused, HttpStatusCode.Conflict, "disabled");
        }

        using (var enable = await fixture.Admin.PostAsync("/v1/accounts/ci-one/enable", null))
        {
            Assert.False((await AdminApi.ReadAsync(enable)).GetProperty("disabled").GetBoolean());
        }
        Assert.Equal(HttpStatusCode.OK, await AccountApi.StatusWithTokenAsync(Server, token, "/v2/"));

        var issued = await SingleEventAsync(AuditEventTypes.AccountTokenIssued, "ci-one");
        Assert.DoesNotContain(token, string.Join(",", issued.Details!.Values), StringComparison.Ordinal);
        Assert.True(issued.Details.ContainsKey("expires_at"));
        await SingleEventAsync(AuditEventTypes.AccountDisabled, "ci-one");
        await SingleEventAsync(AuditEventTypes.AccountEnabled, "ci-one");
    }

    [Fact]
    public async Task Disable_HumanAccount_ItsTokenAndLoginAreRefused()
    {
        await AccountApi.CreateAsync(fixture.Admin, $$"""{"username":"erin","password":"{{AccountApi.Password}}"}""");
        var (_, token) = await AccountApi.LoginAsync(Server, "erin", AccountApi.Password);
        Assert.Equal(HttpStatusCode.OK, await AccountApi.StatusWithTokenAsync(Server, token!, "/v1/repositories"));

        using (var disable = await fixture.Admin.PostAsync("/v1/accounts/erin/disable", null))
        {
            var body = await AdminApi.ReadAsync(disable);
            Assert.True(body.GetProperty("disabled").GetBoolean());
            Assert.True(AdminApi.Time(body, "updated_at") >= AdminApi.Time(body, "created_at"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await AccountApi.StatusWithTokenAsync(Server, token!, "/v1/repositories"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountApi.LoginAsync(Server, "erin", AccountApi.Password)).Status);
    }

    [Fact]
    public async Task Token_HumanAccount_Conflict()
    {
        using var response = await fixture.Admin.PostAsync("/v1/accounts/alice/token", null);
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.Conflict, "'alice' is a human account");
    }

    [Fact]
    public async Task SetPassword_NewWorks_OldDoesNot_Audited()
    {
        await AccountApi.CreateAsync(fixture.Admin, $$"""{"username":"dave","password":"{{AccountApi.Password}}"}""");
        const string newPassword = "another-password-long-enough";

        using (var response = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Put, "/v1/accounts/dave/password", $$"""{"password":"{{newPassword}}"}"""))
        {
            Assert.Equal("dave", (await AdminApi.ReadAsync(response)).GetProperty("username").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await AccountApi.LoginAsync(Server, "dave", newPassword)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountApi.LoginAsync(Server, "dave", AccountApi.Password)).Status);
        await SingleEventAsync(AuditEventTypes.AccountPasswordChanged, "dave");
    }

    [Fact]
    public async Task Disable_OwnAccount_Conflict()
    {
        using var response = await fixture.Admin.PostAsync("/v1/accounts/admin/disable", null);
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.Conflict, "your own account");
        using var get = await fixture.Admin.GetAsync("/v1/accounts/admin");
        Assert.False((await AdminApi.ReadAsync(get)).GetProperty("disabled").GetBoolean());
    }

    [Theory]
    [InlineData("""{"username":"Bad Name","password":"a-password-long-enough"}""", "invalid username")]
    [InlineData("""{"username":"frank","password":"short"}""", "at least 12 characters")]
    [InlineData("""{"username":"frank"}""", "human accounts need a password")]
    [InlineData("""{"username":"frank","password":"a-password-long-enough","roles":["root"]}""", "unknown role 'root'")]
    [InlineData("""{"username":"frank","password":"a-password-long-enough","roles":[null]}""", "roles must not contain null")]
    [InlineData("""{"username":"frank","password":"a-password-long-enough","type":"robot"}""", "type must be")]
    [InlineData("""{"password":"a-password-long-enough"}""", "username is required")]
    [InlineData("""{"username":"frank","password":"a-password-long-enough","admin":true}""", "unknown field")]
    [InlineData("""{"username":7}""", "invalid JSON body")]
    [InlineData("not json", "invalid JSON body")]
    [InlineData("null", "must be an object")]
    public async Task Create_BadInput_BadRequest(string json, string message)
    {
        using var response = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, "/v1/accounts", json);
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Create_Existing_Conflict()
    {
        using var response = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Post, "/v1/accounts",
            $$"""{"username":"alice","password":"{{AccountApi.Password}}"}""");
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.Conflict, "already exists");
    }

    [Theory]
    [InlineData("""{}""", "password is required")]
    [InlineData("""{"password":"short"}""", "at least 12 characters")]
    [InlineData("""{"password":"a-password-long-enough","username":"x"}""", "unknown field")]
    public async Task SetPassword_BadInput_BadRequest(string json, string message)
    {
        using var response = await AdminApi.SendAsync(fixture.Admin, HttpMethod.Put, "/v1/accounts/alice/password", json);
        await AdminApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "/disable")]
    [InlineData("POST", "/enable")]
    [InlineData("PUT", "/password")]
    [InlineData("POST", "/token")]
    public async Task UnknownOrInvalidUsername_NotFoundOrBadRequest(string method, string suffix)
    {
        var body = method == "PUT" ? $$"""{"password":"{{AccountApi.Password}}"}""" : null;
        using (var unknown = await AdminApi.SendAsync(fixture.Admin, new HttpMethod(method), $"/v1/accounts/nobody-here{suffix}", body))
        {
            await AdminApi.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "no account 'nobody-here'");
        }
        using var invalid = await AdminApi.SendAsync(fixture.Admin, new HttpMethod(method), $"/v1/accounts/Not.Valid{suffix}", body);
        await AdminApi.AssertErrorAsync(invalid, HttpStatusCode.BadRequest, "invalid username");
    }

    [Fact]
    public async Task NonAdmin_Forbidden()
    {
        await AdminApi.AssertGetErrorAsync(fixture.User, "/v1/accounts", HttpStatusCode.Forbidden, "admin role required");
        using var create = await AdminApi.SendAsync(fixture.User, HttpMethod.Post, "/v1/accounts",
            $$"""{"username":"mallory","password":"{{AccountApi.Password}}","roles":["admin"]}""");
        await AdminApi.AssertErrorAsync(create, HttpStatusCode.Forbidden, "admin role required");
        using var get = await fixture.Admin.GetAsync("/v1/accounts/mallory");
        await AdminApi.AssertErrorAsync(get, HttpStatusCode.NotFound);
    }

    private async Task<HttpStatusCode> BasicStatusAsync(string username, string password)
    {
        using var client = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        request.Headers.Authorization = McrTestServer.Basic(username, password);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<AuditEvent> SingleEventAsync(string eventType, string username)
    {
        await AdminApi.FlushAuditAsync(Server);
        var page = await Server.Services.GetRequiredService<AuditStore>().ListAsync(new AuditQuery { EventType = eventType, N = 1000 });
        var entry = Assert.Single(page.Items, e => e.Event.Details?.GetValueOrDefault("username") == username);
        Assert.Null(entry.Event.Repository);
        Assert.Equal("127.0.0.1", entry.Event.ClientIp);
        return entry.Event;
    }
}
