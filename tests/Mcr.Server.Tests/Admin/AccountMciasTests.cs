using System.Net;
using Mcr.Server.Tests.Hosting;
using Mcr.Testing;
using Mcr.Testing.Mcias;

namespace Mcr.Server.Tests.Admin;

/// <summary>With MCIAS as the identity service the account routes answer 409: accounts live in MCIAS.</summary>
public sealed class AccountMciasTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("mcr-mcias-accounts");
    private readonly TestCertificateAuthority _ca = new();
    private FakeMcias _mcias = null!;
    private McrTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _mcias = await FakeMcias.StartAsync(_ca, TimeProvider.System);
        _mcias.AddUser("root", "root-password", ["admin"]);
        _mcias.AddUser("bob", "bob-password", ["user"]);
        var caPath = _ca.WriteCaPem(_directory.Combine("mcias-ca.pem"));
        _server = await McrTestServer.StartAsync(output, options =>
        {
            options.Mcias.ServerUrl = _mcias.Url;
            options.Mcias.CaCert = caPath;
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _mcias.DisposeAsync();
        _ca.Dispose();
        _directory.Dispose();
    }

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
        using var admin = _server.CreateClient(await _server.GetTokenAsync("root", "root-password"));

        using var response = await AdminApi.SendAsync(admin, new HttpMethod(method), path, json);

        var body = await AdminApi.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("""{"error":"accounts are managed in MCIAS"}""", body.GetRawText());
    }

    [Fact]
    public async Task NonAdmin_StillForbidden()
    {
        using var user = _server.CreateClient(await _server.GetTokenAsync("bob", "bob-password"));

        using var response = await user.GetAsync("/v1/accounts");

        await AdminApi.AssertErrorAsync(response, HttpStatusCode.Forbidden, "admin role required");
    }
}
