using System.Text.Json;
using Mcr.Cli.Tests.Harness;

namespace Mcr.Cli.Tests.Commands;

/// <summary><c>mcrctl login</c> and <c>logout</c>: the saved token (0600, per endpoint) is what later commands use.</summary>
[Collection(CliServerCollection.Name)]
public sealed class LoginCommandTests(CliServer fixture) : IDisposable
{
    private readonly InProcessCli _cli = new();

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Login_SavesTheTokenPrivately_AndLaterCommandsUseIt(Via transport)
    {
        var login = await _cli.RunAsync([.. fixture.Target(transport), "login", "-u", "alice", "--password-stdin"], CliServer.UserPassword + "\n");
        login.AssertOk();
        Assert.Contains($"Logged in to {fixture.EndpointName(transport)} as alice", login.Out, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.CredentialsPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(_cli.CredentialsPath)!));
        Assert.DoesNotContain(CliServer.UserPassword, await File.ReadAllTextAsync(_cli.CredentialsPath), StringComparison.Ordinal);

        // No --server, --grpc, --ca-cert or --token: the saved login supplies them all.
        var list = await _cli.RunAsync("repo", "list");
        list.AssertOk();
        Assert.Contains(CliServer.Repository, list.Out, StringComparison.Ordinal);
        var status = await _cli.RunAsync("status");
        status.AssertOk();
        Assert.Contains("logged in as:  alice", status.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Login_AsksOnATerminal_WithTheUsernameShownAndThePasswordHidden(Via transport)
    {
        var asked = new List<(string Question, bool Secret)>();
        var result = await _cli.RunAsync([.. fixture.Target(transport), "--json", "login"], stdin: null, terminal: (question, secret) =>
        {
            asked.Add((question, secret));
            return secret ? CliServer.UserPassword : "alice";
        });
        result.AssertOk();
        Assert.Equal([("Username: ", false), ("Password: ", true)], asked);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("alice", json.RootElement.GetProperty("username").GetString());
        Assert.Equal(fixture.EndpointName(transport), json.RootElement.GetProperty("server").GetString());
        Assert.True(json.RootElement.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Login_WithoutATerminalOrPasswordStdin_IsAUsageError(Via transport)
    {
        var result = await _cli.RunAsync([.. fixture.Target(transport), "login", "-u", "alice"], "piped-password\n");
        result.AssertFails(2, "pass --password-stdin");
        Assert.False(File.Exists(_cli.CredentialsPath));
    }

    [Theory]
    [InlineData(Via.Rest)]
    [InlineData(Via.Grpc)]
    public async Task Logout_RevokesTheToken_AndForgetsIt(Via transport)
    {
        (await _cli.RunAsync([.. fixture.Target(transport), "login", "-u", CliServer.LogoutUser(transport), "--password-stdin"], CliServer.UserPassword + "\n")).AssertOk();
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(_cli.CredentialsPath)).RootElement.GetProperty("logins")[0].GetProperty("token").GetString()!;

        var logout = await _cli.RunAsync("logout");
        logout.AssertOk();
        Assert.Contains("the token is revoked", logout.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(saved, await File.ReadAllTextAsync(_cli.CredentialsPath), StringComparison.Ordinal);

        (await _cli.RunAsync([.. fixture.As(transport, saved), "repo", "list"])).AssertFails(3, "not authenticated", "run `mcrctl login`");
        (await _cli.RunAsync([.. fixture.Target(transport), "repo", "list"])).AssertFails(3, $"not logged in to {fixture.EndpointName(transport)}");
    }

    [Fact]
    public async Task ExpiredLogin_IsNotUsed_AndLogoutForgetsIt()
    {
        var store = new Mcr.Cli.Config.CredentialStore(_cli.CredentialsPath);
        var endpoint = fixture.EndpointName(Via.Rest);
        store.Save(Mcr.Cli.Config.SavedLogins.Empty.With(
            new Mcr.Cli.Config.SavedLogin(endpoint, "alice", fixture.UserToken, DateTimeOffset.UtcNow.AddMinutes(-1), fixture.CertificatePath)));

        (await _cli.RunAsync("repo", "list")).AssertFails(3, $"the saved login for {endpoint} (alice) expired at");
        (await _cli.RunAsync("logout")).AssertOk();
        Assert.Null(store.Load(TextWriter.Null).For(endpoint));
    }

    [Fact]
    public async Task SavedToken_IsNeverSentToAnotherServer()
    {
        (await _cli.RunAsync([.. fixture.Target(Via.Rest), "login", "-u", "alice", "--password-stdin"], CliServer.UserPassword + "\n")).AssertOk();
        var other = await _cli.RunAsync("--server", "https://127.0.0.2:1", "repo", "list");
        other.AssertFails(3, "not logged in to https://127.0.0.2:1");
    }

    [Fact]
    public async Task TokenFromTheEnvironment_IsUsed()
    {
        _cli.Environment["MCR_TOKEN"] = fixture.UserToken;
        (await _cli.RunAsync([.. fixture.Target(Via.Rest), "repo", "list"])).AssertOk();
    }

    public void Dispose() => _cli.Dispose();
}
