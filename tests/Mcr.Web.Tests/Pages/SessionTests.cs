using System.Net;
using Mcr.Protocol.V1;
using Mcr.Web.Session;
using Mcr.Web.Tests.Harness;

namespace Mcr.Web.Tests.Pages;

/// <summary>Sign-in, the session cookie, sign-out, revoked tokens, CSRF, body limits and the headers of every answer.</summary>
[Collection(WebStackCollection.Name)]
public sealed class SessionTests(WebStack stack)
{
    [Fact]
    public async Task Login_WithAWrongPassword_SaysSoAndSetsNoSession()
    {
        using var client = stack.CreateClient();

        var response = await client.LoginAsync(stack.Registry.AdminUser, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong user name or password.", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(client.Cookies.GetAllCookies(), c => c.Name == SessionUser.CookieName);
    }

    [Fact]
    public async Task Login_SetsAnHttpOnlySecureStrictCookieThatExpiresWithTheToken()
    {
        using var client = stack.CreateClient();
        await client.GetPageAsync("/login?returnUrl=%2Frepositories");

        var response = await client.PostFormAsync("/login?returnUrl=%2Frepositories", new Dictionary<string, string>
        {
            ["Username"] = stack.Registry.AdminUser,
            ["Password"] = stack.Registry.AdminPassword,
            ["ReturnUrl"] = "/repositories",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/repositories", response.Headers.Location?.OriginalString);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionUser.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = client.Cookies.GetAllCookies().Single(c => c.Name == SessionUser.CookieName);
        // identity.token_ttl defaults to 24 h: the cookie lives exactly as long as the token.
        Assert.InRange(cookie.Expires.ToUniversalTime(), DateTime.UtcNow.AddHours(23.9), DateTime.UtcNow.AddHours(24.1));
    }

    [Fact]
    public async Task Login_ToAnotherSite_StaysHere()
    {
        using var client = stack.CreateClient();
        await client.GetPageAsync("/login");

        var response = await client.PostFormAsync("/login", new Dictionary<string, string>
        {
            ["Username"] = stack.Registry.AdminUser,
            ["Password"] = stack.Registry.AdminPassword,
            ["ReturnUrl"] = "https://evil.example/",
        });

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Logout_RevokesTheToken_SoAReplayedCookieGoesBackToLogin()
    {
        using var client = await stack.SignedInAsync();
        await client.GetPageAsync("/");
        var saved = client.Cookies.GetAllCookies().Single(c => c.Name == SessionUser.CookieName);

        var logout = await client.PostFormAsync("/logout", []);
        Assert.Equal("/login?reason=signedout", logout.Headers.Location?.OriginalString);
        Assert.DoesNotContain(client.Cookies.GetAllCookies(), c => c.Name == SessionUser.CookieName && !c.Expired);

        using var replay = stack.CreateClient();
        replay.Cookies.Add(replay.Address, new Cookie(saved.Name, saved.Value) { Secure = true, Path = "/" });
        var (response, _) = await replay.GetPageAsync("/repositories");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?reason=expired", response.Headers.Location?.OriginalString);
        var (login, body) = await replay.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Your session has expired or was revoked", body);
    }

    [Fact]
    public async Task RevokedToken_OnAnHtmxRequest_TellsTheBrowserToGoToLogin()
    {
        using var grpc = new Harness.Grpc(stack);
        var token = await grpc.TokenAsync(stack.Registry.AdminUser, stack.Registry.AdminPassword);
        await using var web = await InProcessWeb.StartAsync(stack.Registry.DataDirectory, stack.Registry.GrpcHost);
        using var client = web.ClientWithSession(token);
        var (before, _) = await client.GetPageAsync("/repositories?q=team", htmx: true);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await grpc.As(token).Admin.LogoutAsync(new LogoutRequest());
        var (after, _) = await client.GetPageAsync("/repositories?q=team", htmx: true);

        Assert.StartsWith("/login?reason=expired", after.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task NonAdmin_SeesNoAdminLinks_AndAnAdminPageIsA403Page()
    {
        using var client = await stack.SignedInAsync(WebStack.UserName, WebStack.UserPassword);

        var (dashboard, body) = await client.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.DoesNotContain("data-admin", body);
        Assert.DoesNotContain("href=\"/policies\"", body);
        Assert.Contains("href=\"/repositories\"", body);

        foreach (var path in new[] { "/policies", "/policies/new", "/audit", "/accounts" })
        {
            var (page, html) = await client.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            Assert.Contains("Administrators only", html);
            Assert.Contains("<html", html);
        }
        var post = await client.PostFormAsync("/policies?handler=delete&id=1", []);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task Admin_SeesTheAdminLinks()
    {
        using var client = await stack.SignedInAsync();

        var (_, body) = await client.GetPageAsync("/");

        Assert.Contains("href=\"/policies\"", body);
        Assert.Contains("href=\"/audit\"", body);
        Assert.Contains("href=\"/accounts\"", body);
    }

    [Fact]
    public async Task PostWithoutTheAntiforgeryToken_Is400_AndChangesNothing()
    {
        using var grpc = new Harness.Grpc(stack);
        var token = await grpc.TokenAsync(stack.Registry.AdminUser, stack.Registry.AdminPassword);
        var rule = await grpc.As(token).Policy.CreatePolicyRuleAsync(new CreatePolicyRuleRequest
        {
            Rule = new PolicyRuleInput { Priority = 50, Effect = "deny", Description = "csrf target", Repositories = new StringList { Values = { "nothing/*" } } },
        });
        try
        {
            await PostWithoutTokenAsync(grpc, token, rule);
        }
        finally
        {
            await grpc.As(token).Policy.DeletePolicyRuleAsync(new DeletePolicyRuleRequest { Id = rule.Id });
        }
    }

    private async Task PostWithoutTokenAsync(Harness.Grpc grpc, string token, PolicyRule rule)
    {
        using var client = await stack.SignedInAsync();

        var response = await client.PostFormAsync($"/policies?handler=delete&id={rule.Id}", [], withToken: false);
        var tag = await client.PostFormAsync("/repositories/team/api?handler=deletetags", [new("tags", "v2")], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Security check failed", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, tag.StatusCode);
        var still = await grpc.As(token).Policy.GetPolicyRuleAsync(new GetPolicyRuleRequest { Id = rule.Id });
        Assert.Equal("csrf target", still.Description);
        var tags = await grpc.As(token).Registry.ListTagsAsync(new ListTagsRequest { Repository = "team/api" });
        Assert.Contains(tags.Tags, t => t.Name == "v2");
    }

    [Fact]
    public async Task FormLargerThanTheLimit_IsA413Page()
    {
        using var client = await stack.SignedInAsync();
        await client.GetPageAsync("/policies/new");

        var response = await client.PostFormAsync("/policies/new", [new("Form.Description", new string('x', 100 * 1024))]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than mcr-web accepts", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Listener_RefusesTls12()
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, stack.WebPort);
        using var expected = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(stack.CertificatePath));
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false,
            (_, certificate, _, _) => certificate is not null && expected.RawData.AsSpan().SequenceEqual(certificate.GetRawCertData()));

        await Assert.ThrowsAnyAsync<Exception>(() => tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12,
        }));
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/error/404")]
    [InlineData("/css/site.css")]
    [InlineData("/lib/htmx/htmx.min.js")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path)
    {
        using var client = stack.CreateClient();

        var (response, _) = await client.GetPageAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Pages_HaveNoInlineScript()
    {
        using var client = await stack.SignedInAsync();

        foreach (var path in new[] { "/", "/repositories", "/repositories/team/app", $"/manifests/team/app@{stack.MultiArch.Digest}", "/policies", "/audit", "/accounts" })
        {
            var (response, body) = await client.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(body, "<script[^>]*>"))
            {
                Assert.Contains("src=", script.Value);
            }
            Assert.DoesNotContain(" onclick=", body);
            Assert.DoesNotContain("hx-on", body);
        }
    }
}
