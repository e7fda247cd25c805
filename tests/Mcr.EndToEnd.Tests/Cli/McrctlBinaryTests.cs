using System.Text.Json;
using Mcr.EndToEnd.Tests.Harness;
using Mcr.EndToEnd.Tests.Skopeo;

namespace Mcr.EndToEnd.Tests.Cli;

/// <summary>
/// The released <c>mcrctl</c> (in CI the Native AOT binary from <c>dotnet publish src/Mcr.Cli</c>) against the released
/// <c>mcrsrv</c>, over REST and gRPC: log in, use the saved login, read and change the registry, and fail with the
/// documented exit codes. The in-process suite (tests/Mcr.Cli.Tests) covers every command; this proves the binary.
/// </summary>
public sealed class McrctlBinaryTests(McrProcess server, ITestOutputHelper output) : IClassFixture<McrProcess>, IDisposable
{
    private readonly IDisposable _attached = server.AttachOutput(output);
    private readonly Mcrctl _mcrctl = new();

    private string CaCert => Path.Combine(server.DataDirectory, "tls", "cert.pem");

    [Theory]
    [InlineData("rest")]
    [InlineData("grpc")]
    public async Task LoginThenAdminCommands_WorkFromTheSavedLogin(string transport)
    {
        output.WriteLine($"mcrctl: {_mcrctl.Program}");
        string[] target = transport == "grpc" ? ["--grpc", server.GrpcHost] : ["--server", $"https://{server.Host}"];
        var login = await _mcrctl.RunAsync(server.AdminPassword + "\n", [.. target, "--ca-cert", CaCert, "login", "-u", server.AdminUser, "--password-stdin"]);
        Expect.Success(login, "mcrctl login");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_mcrctl.CredentialsPath));

        var status = await _mcrctl.RunAsync(null, "--json", "status");
        Expect.Success(status, "mcrctl status");
        using (var json = JsonDocument.Parse(status.StandardOutput))
        {
            Assert.Equal(transport, json.RootElement.GetProperty("transport").GetString());
            Assert.Equal("ok", json.RootElement.GetProperty("health").GetProperty("status").GetString());
        }

        var rule = await _mcrctl.RunAsync(null, "--json", "policy", "create", "--priority", "40", "--effect", "deny",
            "--action", "registry:push", "--repository", $"frozen-{transport}/*");
        Expect.Success(rule, "mcrctl policy create");
        var id = JsonDocument.Parse(rule.StandardOutput).RootElement.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var list = await _mcrctl.RunAsync(null, "policy", "list");
        Expect.Success(list, "mcrctl policy list");
        Assert.Contains($"frozen-{transport}/*", list.StandardOutput, StringComparison.Ordinal);
        Expect.Success(await _mcrctl.RunAsync(null, "policy", "delete", id), "mcrctl policy delete");

        var gc = await _mcrctl.RunAsync(null, "gc", "--wait");
        Expect.Success(gc, "mcrctl gc --wait");
        Assert.StartsWith("gc run ", gc.StandardOutput, StringComparison.Ordinal);

        var audit = await _mcrctl.RunAsync(null, "audit", "tail", "--event-type", "policy_rule_deleted");
        Expect.Success(audit, "mcrctl audit tail");
        Assert.Contains("policy_rule_deleted", audit.StandardOutput, StringComparison.Ordinal);

        Expect.Success(await _mcrctl.RunAsync(null, "logout"), "mcrctl logout");
        var after = await _mcrctl.RunAsync(null, "repo", "list");
        Assert.True(after.ExitCode == 3, after.Describe());
    }

    [Fact]
    public async Task Failures_HaveTheirExitCodes_AndNoStackTrace()
    {
        var untrusted = await _mcrctl.RunAsync(null, "--server", $"https://{server.Host}", "status");
        Assert.True(untrusted.ExitCode == 8, untrusted.Describe());
        Assert.Contains("is not trusted", untrusted.StandardError, StringComparison.Ordinal);

        var refused = await _mcrctl.RunAsync(null, "--server", $"https://127.0.0.1:{FreePort.Next()}", "--token", "t", "repo", "list");
        Assert.True(refused.ExitCode == 7, refused.Describe());
        Assert.Contains("connection refused", refused.StandardError, StringComparison.Ordinal);

        var usage = await _mcrctl.RunAsync(null, "repo", "frobnicate");
        Assert.True(usage.ExitCode == 2, usage.Describe());
        foreach (var result in new[] { untrusted, refused, usage })
        {
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        _mcrctl.Dispose();
        _attached.Dispose();
    }
}
