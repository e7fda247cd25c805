using System.Net;
using Mcr.Infrastructure.Audit;
using Mcr.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Admin;

/// <summary>Account changes over the admin API leave no password and no token in the logs (every level) or the audit log.</summary>
public sealed class AccountSecretsNotLoggedTests
{
    [Fact]
    public async Task CreatePasswordAndToken_LeaveNoSecretBehind()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await McrTestServer.StartAsync(allLogs: logs);
        using var admin = server.CreateClient(await server.GetTokenAsync());
        const string first = "first-secret-password-of-grace";
        const string second = "second-secret-password-of-grace";
        const string refused = "short-pw";

        await AccountApi.CreateAsync(admin, $$"""{"username":"grace","password":"{{first}}"}""");
        using (var change = await AdminApi.SendAsync(admin, HttpMethod.Put, "/v1/accounts/grace/password", $$"""{"password":"{{second}}"}"""))
        {
            await AdminApi.ReadAsync(change);
        }
        using (var weak = await AdminApi.SendAsync(admin, HttpMethod.Put, "/v1/accounts/grace/password", $$"""{"password":"{{refused}}"}"""))
        {
            await AdminApi.ReadAsync(weak, HttpStatusCode.BadRequest);
        }
        await AccountApi.CreateAsync(admin, """{"username":"grace-ci","type":"system"}""");
        string token;
        using (var issue = await admin.PostAsync("/v1/accounts/grace-ci/token", null))
        {
            token = (await AdminApi.ReadAsync(issue, HttpStatusCode.Created)).GetProperty("token").GetString()!;
        }

        await AdminApi.FlushAuditAsync(server);
        var audit = await server.Services.GetRequiredService<AuditStore>().ListAsync(new AuditQuery { N = 1000 });
        Assert.Contains(logs.Messages, m => m.Contains("Account grace password changed", StringComparison.Ordinal));
        Assert.Contains(audit.Items, e => e.Event.EventType == AuditEventTypes.AccountTokenIssued);
        var everything = string.Join('\n', logs.Messages) + "\n" + string.Join('\n', audit.Items.Select(e =>
            $"{e.Event} {string.Join(',', (e.Event.Details ?? new Dictionary<string, string>()).Select(p => $"{p.Key}={p.Value}"))}"));
        foreach (var secret in new[] { first, second, refused, token, token.Split('.')[2] })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }
}
