using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mcr.EndToEnd.Tests.Harness;

namespace Mcr.EndToEnd.Tests.Skopeo;

/// <summary>
/// The README's CI flow: <c>mcrsrv account add … --type system</c> and <c>account token</c> on a running
/// server's data, the token used as the password by skopeo, and a policy rule that lets robots push.
/// </summary>
public sealed class SystemAccountTests(McrProcess server, ITestOutputHelper output) : IClassFixture<McrProcess>, IDisposable
{
    private readonly E2eSession _e2e = new(server, output);

    [SkippableFact]
    public async Task SystemToken_LogsInAndPushesOnlyWhereAPolicyRuleAllows()
    {
        var robot = "robot-" + Guid.NewGuid().ToString("N")[..8];
        Expect.Success(await server.RunCommandAsync(null, "account", "add", robot, "--type", "system", "--role", "user"), "mcrsrv account add");
        var issued = await server.RunCommandAsync(null, "account", "token", robot);
        Expect.Success(issued, "mcrsrv account token");
        var token = issued.StandardOutput.Trim();
        var authFile = _e2e.PathFor("robot-auth.json");

        var login = await _e2e.Skopeo.RunWithInputAsync(token,
            "login", "--tls-verify=false", "--authfile", authFile, "-u", robot, "--password-stdin", server.Host);
        var layout = _e2e.PathFor("robot-image");
        Images.TestImages.WriteImage(layout, layers: 1);
        string[] push = ["copy", "--dest-tls-verify=false", "--dest-creds", $"{robot}:{token}", $"oci:{layout}:latest", _e2e.Skopeo.Image("ci/app", "1")];
        var deniedPush = await _e2e.Skopeo.RunAsync(push);
        await AllowSystemAccountsToPushAsync("ci/*");
        var allowedPush = await _e2e.Skopeo.RunAsync(push);

        Expect.Success(login, "skopeo login with the system token as password");
        Expect.Failure(deniedPush, "push by a system account before any rule allows it");
        Expect.Success(allowedPush, "push by a system account after the rule");
    }

    public void Dispose() => _e2e.Dispose();

    private async Task AllowSystemAccountsToPushAsync(string repositories)
    {
        using var http = server.CreateHttpClient();
        using var login = await http.PostAsJsonAsync("/v1/auth/login", new { username = server.AdminUser, password = server.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var adminToken = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/policy/rules")
        {
            Content = JsonContent.Create(new
            {
                priority = 10,
                description = "CI robots push to " + repositories,
                effect = "allow",
                account_types = new[] { "system" },
                actions = new[] { "registry:push", "registry:pull" },
                repositories = new[] { repositories },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var created = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
