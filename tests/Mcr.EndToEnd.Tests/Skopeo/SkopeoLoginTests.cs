using Mcr.EndToEnd.Tests.Harness;

namespace Mcr.EndToEnd.Tests.Skopeo;

/// <summary><c>skopeo login</c> through the token flow over TLS against a real mcrsrv process.</summary>
public sealed class SkopeoLoginTests(McrProcess server, ITestOutputHelper output) : IClassFixture<McrProcess>, IDisposable
{
    private readonly E2eSession _e2e = new(server, output);

    [SkippableFact]
    public async Task Login_AdminPasswordOnStdin_SucceedsAndStoresCredentials()
    {
        var authFile = _e2e.PathFor("auth.json");

        var result = await Login(authFile, server.AdminUser, server.AdminPassword);

        Expect.Success(result, "skopeo login");
        Assert.Contains(server.Host, await File.ReadAllTextAsync(authFile), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Login_WrongPassword_FailsAndStoresNothing()
    {
        var authFile = _e2e.PathFor("auth.json");

        var result = await Login(authFile, server.AdminUser, server.AdminPassword + "-wrong");

        Expect.Failure(result, "skopeo login with a wrong password");
        Assert.False(File.Exists(authFile) && File.ReadAllText(authFile).Contains(server.Host, StringComparison.Ordinal),
            "a failed login must not store credentials");
    }

    [SkippableFact]
    public async Task Login_UnknownUser_Fails()
    {
        var result = await Login(_e2e.PathFor("auth.json"), "nobody-" + Guid.NewGuid().ToString("N")[..8], server.AdminPassword);

        Expect.Failure(result, "skopeo login as an unknown user");
    }

    [SkippableFact]
    public async Task Login_ThenInspectWithAuthFile_UsesStoredCredentials()
    {
        await _e2e.PushImageAsync("e2e/login-authfile", "v1", layers: 1);
        var authFile = _e2e.PathFor("auth.json");
        Expect.Success(await Login(authFile, server.AdminUser, server.AdminPassword), "skopeo login");

        var result = await _e2e.Skopeo.RunAsync("inspect", "--tls-verify=false", "--authfile", authFile, "--raw",
            _e2e.Skopeo.Image("e2e/login-authfile", "v1"));

        Expect.Success(result, "skopeo inspect with the login's auth file");
    }

    public void Dispose() => _e2e.Dispose();

    private Task<ProcessResult> Login(string authFile, string user, string password) =>
        _e2e.Skopeo.RunWithInputAsync(password,
            "login", "--tls-verify=false", "--authfile", authFile, "-u", user, "--password-stdin", server.Host);
}
