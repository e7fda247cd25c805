using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Mcr.Infrastructure.Audit;
using Mcr.Protocol.V1;
using Mcr.Server.Tests.Grpc;
using Mcr.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mcr.Server.Tests.Auth;

/// <summary>
/// Passwords and tokens never reach the logs (at any level, framework included) or the audit log,
/// whether a login succeeds or fails and whether credentials come as Basic or Bearer.
/// </summary>
public sealed class SecretsNotLoggedTests
{
    [Fact]
    public async Task LoginsTokensAndFailures_LeaveNoSecretInLogsOrAudit()
    {
        var logs = new CapturingLoggerProvider();
        const string wrongPassword = "a-wrong-password-that-must-not-leak";
        await using var server = await McrTestServer.StartAsync(allLogs: logs);
        var token = await server.GetTokenAsync();
        using (var client = server.CreateClient(token))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v2/team/app/manifests/latest")).StatusCode);
        }
        using (var client = server.CreateClient())
        {
            using var badToken = new HttpRequestMessage(HttpMethod.Get, "/v2/token");
            badToken.Headers.Authorization = McrTestServer.Basic("admin", wrongPassword);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(badToken)).StatusCode);
            using var basicV2 = new HttpRequestMessage(HttpMethod.Get, "/v2/");
            basicV2.Headers.Authorization = McrTestServer.Basic("admin", McrTestServer.AdminPassword);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(basicV2)).StatusCode);
            using var forged = new HttpRequestMessage(HttpMethod.Get, "/v2/");
            forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged)).StatusCode);
            using var login = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/login")
            {
                Content = new StringContent($$"""{"username":"admin","password":"{{wrongPassword}}"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(login)).StatusCode);
        }
        string grpcToken;
        using (var grpc = new GrpcTestChannel(server, token))
        using (var anonymous = new GrpcTestChannel(server))
        {
            await new AdminService.AdminServiceClient(grpc.Invoker).GetGCStatusAsync(new GetGCStatusRequest());
            var login = new AdminService.AdminServiceClient(anonymous.Invoker);
            await Assert.ThrowsAsync<RpcException>(async () =>
                await login.LoginAsync(new LoginRequest { Username = "admin", Password = wrongPassword }));
            grpcToken = (await login.LoginAsync(new LoginRequest { Username = "admin", Password = McrTestServer.AdminPassword })).Token;
        }
        await server.Services.GetRequiredService<AuditQueue>().FlushAsync();
        var audit = await server.Services.GetRequiredService<AuditStore>().ListAsync(
            AuditQuery.Parse(null, null, null, null, null, "1000", null).Query!);

        // The capture really sees framework internals at the lowest levels, and the failed logins.
        Assert.Contains(logs.Messages, message => message.StartsWith("Trace Microsoft.AspNetCore", StringComparison.Ordinal)
            || message.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, message => message.Contains("admin", StringComparison.Ordinal) && message.Contains("fail", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(audit.Items, entry => entry.Event.EventType == AuditEventTypes.LoginFailed);
        Assert.Contains(logs.Messages, message => message.Contains("gRPC /mcr.v1.AdminService/GetGCStatus", StringComparison.Ordinal));
        var auditText = audit.Items.Select(entry =>
            $"{entry.Event} {string.Join(',', (entry.Event.Details ?? new Dictionary<string, string>()).Select(pair => $"{pair.Key}={pair.Value}"))}");
        var everything = string.Join('\n', logs.Messages) + "\n" + string.Join('\n', auditText);
        foreach (var secret in new[] { McrTestServer.AdminPassword, wrongPassword, token, token.Split('.')[2], grpcToken })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }
}
