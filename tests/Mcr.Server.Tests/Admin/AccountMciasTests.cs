using System.Net;
using Mcr.Server.Tests.Hosting;

namespace Mcr.Server.Tests.Admin;

/// <summary>With MCIAS as the identity service the account routes answer 409: accounts live in MCIAS.</summary>
public sealed class AccountMciasTests(ITestOutputHelper output) : IAsyncLifetime
{
    private MciasBackedServer _registry = null!;

    public async Task InitializeAsync() => _registry = await MciasBackedServer.StartAsync(output, mcias =>
    {
        mcias.AddUser("root", "root-password", ["admin"]);
        mcias.AddUser("bob", "bob-password", ["user"]);
    });

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Theory]
    [InlineData("GET", "/v1/accounts", null)]
    [InlineData("POST", "/v1/accounts", """{"username":"carol","password":"a-password-long-enough"}""")]
    [InlineData("GET", "/v1/accounts/bob", null)]
    [InlineData("POST", "/v1/accounts/bob/disable", null)]
    [InlineData("POST", "/v1/accounts/bob/enable", null)]
    [InlineData("PUT", "/v1/accounts/bob/password", """{"password":"a-password-long-enough"}""")]
    [InlineData("POST", "/v1/accounts/bob/token", null)]
    public async Task EveryAccountRoute_Conflict(string method, string path, string? json)
    {
        using var admin = _registry.Server.CreateClient(await _registry.Server.GetTokenAsync("root", "root-password"));

        using var response = await AdminApi.SendAsync(admin, new HttpMethod(method), path, json);

        var body = await AdminApi.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("""{"error":"accounts are managed in MCIAS"}""", body.GetRawText());
    }

    [Fact]
    public async Task NonAdmin_StillForbidden()
    {
        using var user = _registry.Server.CreateClient(await _registry.Server.GetTokenAsync("bob", "bob-password"));

        using var response = await user.GetAsync("/v1/accounts");

        await AdminApi.AssertErrorAsync(response, HttpStatusCode.Forbidden, "admin role required");
    }
}
