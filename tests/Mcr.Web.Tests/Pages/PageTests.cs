using System.Net;
using Mcr.Web.Tests.Harness;

namespace Mcr.Web.Tests.Pages;

/// <summary>Each page against the real registry: what it shows, and its answer to bad input (4xx pages, never a stack trace).</summary>
[Collection(WebStackCollection.Name)]
public sealed class PageTests(WebStack stack)
{
    [Fact]
    public async Task Dashboard_ShowsCountsStorageTheLastPushesAndGc()
    {
        using var client = await stack.SignedInAsync();

        var (response, body) = await client.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"card-repositories\"", body);
        Assert.Contains("on disk, each blob once", body);
        Assert.Contains("in image sizes", body);
        Assert.Contains("id=\"recent-pushes\"", body);
        Assert.Contains("href=\"/repositories/browser/app\"", body);
        Assert.Contains("Garbage collection", body);
    }

    [Fact]
    public async Task Repositories_AreGroupedByNamespace_WithCounts()
    {
        using var client = await stack.SignedInAsync();

        var (_, body) = await client.GetPageAsync("/repositories");

        Assert.Contains("data-namespace=\"team\"", body);
        Assert.Contains("data-namespace=\"infra\"", body);
        Assert.Contains("data-namespace=\"\"", body);
        Assert.Contains("team/ <span class=\"muted\">· 3 repositories", body);
        Assert.Contains("href=\"/repositories/infra/proxy\"", body);
    }

    [Fact]
    public async Task RepositorySearch_AsHtmx_AnswersTheResultsOnly()
    {
        using var client = await stack.SignedInAsync();

        var (response, body) = await client.GetPageAsync("/repositories?q=PROX", htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<html", body);
        Assert.Contains("href=\"/repositories/infra/proxy\"", body);
        Assert.DoesNotContain("href=\"/repositories/team/app\"", body);
        Assert.Contains("1 repository matching", body);
    }

    [Fact]
    public async Task Repository_ListsTagsWithPlatformsSizesAndPullCommands()
    {
        using var client = await stack.SignedInAsync();

        var (response, body) = await client.GetPageAsync("/repositories/team/app");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-tag=\"1.0\"", body);
        Assert.Contains("data-tag=\"latest\"", body);
        Assert.Contains("linux/amd64", body);
        Assert.Contains("linux/arm64/v8", body);
        Assert.Contains("OCI index", body);
        Assert.Contains($"podman pull {stack.Registry.Host}/team/app:latest", body);
        Assert.Contains($"docker pull {stack.Registry.Host}/team/app:1.0", body);
        Assert.Contains($"/manifests/team/app@{stack.MultiArch.Digest}", body);
    }

    [Theory]
    [InlineData("/repositories/team/no-such-repository", HttpStatusCode.NotFound)]
    [InlineData("/repositories/Team/UPPER", HttpStatusCode.BadRequest)]
    [InlineData("/repositories/team/a..b", HttpStatusCode.BadRequest)]
    [InlineData("/manifests/team/app@sha256:1234", HttpStatusCode.BadRequest)]
    [InlineData("/manifests/team/app@md5:0123456789abcdef0123456789abcdef", HttpStatusCode.BadRequest)]
    [InlineData("/manifests/team/app", HttpStatusCode.BadRequest)]
    [InlineData("/manifests/team/app:-bad-tag", HttpStatusCode.BadRequest)]
    [InlineData("/manifests/team/app@sha256:0000000000000000000000000000000000000000000000000000000000000000", HttpStatusCode.NotFound)]
    [InlineData("/manifests/team/app:no-such-tag", HttpStatusCode.NotFound)]
    [InlineData("/manifests/team/nothing:1.0", HttpStatusCode.NotFound)]
    [InlineData("/policies/999999/edit", HttpStatusCode.NotFound)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    public async Task BadInput_IsAPageWithItsStatus_NeverAStackTrace(string path, HttpStatusCode expected)
    {
        using var client = await stack.SignedInAsync();

        var (response, body) = await client.GetPageAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("<html", body);
        Assert.Contains("class=\"error-page\"", body);
        Assert.Contains("Request id", body);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
    }

    [Fact]
    public async Task Manifest_OfAnIndex_ShowsItsPlatformsReferrersAndJson()
    {
        using var client = await stack.SignedInAsync();

        var (response, body) = await client.GetPageAsync($"/manifests/team/app@{stack.MultiArch.Digest}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"children\"", body);
        Assert.Contains("linux/arm64/v8", body);
        Assert.Contains("SBOMs", body);
        Assert.Contains("Signatures", body);
        Assert.Contains($"/manifests/team/app@{stack.Sbom.Digest}", body);
        Assert.Contains($"/manifests/team/app@{stack.Signature.Digest}", body);
        Assert.Contains("&quot;schemaVersion&quot;: 2", body);
    }

    [Fact]
    public async Task Manifest_ByTag_OfAnImage_ShowsLayersAndItsConfig()
    {
        using var client = await stack.SignedInAsync();

        var (response, body) = await client.GetPageAsync("/manifests/team/api:v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"layers\"", body);
        Assert.Contains("linux/amd64", body);
        Assert.Contains("APP_MODE=production", body);
        Assert.Contains("/app/server", body);
        Assert.Contains("org.opencontainers.image.title", body);
        Assert.Contains("id=\"history\"", body);
    }

    [Fact]
    public async Task Referrer_LinksBackToItsSubject()
    {
        using var client = await stack.SignedInAsync();

        var (_, body) = await client.GetPageAsync($"/manifests/team/app@{stack.Sbom.Digest}");

        Assert.Contains("id=\"subject-link\"", body);
        Assert.Contains($"href=\"/manifests/team/app@{stack.MultiArch.Digest}\"", body);
        Assert.Contains("application/spdx+json", WebUtility.HtmlDecode(body));
    }

    [Fact]
    public async Task DeleteTags_RemovesTheSelectedTags_AndKeepsTheOthers()
    {
        using var client = await stack.SignedInAsync();
        await client.GetPageAsync("/repositories/team/api");

        var response = await client.PostFormAsync("/repositories/team/api?handler=deletetags", [new("tags", "old-1"), new("tags", "old-2")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, body) = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Deleted 2 tags: old-1, old-2.", body);
        Assert.DoesNotContain("data-tag=\"old-1\"", body);
        Assert.Contains("data-tag=\"v1\"", body);
    }

    [Fact]
    public async Task DeleteTags_WithABadTagName_IsA400Page()
    {
        using var client = await stack.SignedInAsync();
        await client.GetPageAsync("/repositories/team/api");

        var response = await client.PostFormAsync("/repositories/team/api?handler=deletetags", [new("tags", "../../x")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Policy_CreateToggleAndDelete()
    {
        using var client = await stack.SignedInAsync();
        await client.GetPageAsync("/policies/new");

        var invalid = await client.PostFormAsync("/policies/new", [new("Form.Priority", "0"), new("Form.Effect", "allow")]);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidBody = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("id=\"priority-error\"", invalidBody);
        Assert.Contains("aria-invalid=\"true\"", invalidBody);

        var created = await client.PostFormAsync("/policies/new",
        [
            new("Form.Priority", "20"), new("Form.Effect", "deny"), new("Form.Description", "no pushes to prod"),
            new("Form.Actions", "registry:push"), new("Form.Repositories", "production/*"), new("Form.Enabled", "true"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var (_, list) = await client.GetPageAsync("/policies");
        Assert.Contains("no pushes to prod", list);
        var id = System.Text.RegularExpressions.Regex.Match(list, "id=\"rule-(\\d+)\"[^>]*>(?:(?!</tr>).)*no pushes to prod", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.NotEmpty(id);

        var toggled = await client.PostFormAsync($"/policies?handler=toggle&id={id}", [new("enabled", "false")], htmx: true);
        var row = await toggled.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, toggled.StatusCode);
        Assert.StartsWith($"<tr id=\"rule-{id}\"", row.Trim());
        Assert.Contains("<span class=\"muted\">off</span>", row);

        var deleted = await client.PostFormAsync($"/policies?handler=delete&id={id}", [], htmx: true);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("", await deleted.Content.ReadAsStringAsync());
        var (_, after) = await client.GetPageAsync("/policies");
        Assert.DoesNotContain($"id=\"rule-{id}\"", after);
    }

    [Fact]
    public async Task Policy_RegistryRefusal_IsShownBesideItsField()
    {
        using var client = await stack.SignedInAsync();
        await client.GetPageAsync("/policies/new");

        var response = await client.PostFormAsync("/policies/new",
            [new("Form.Priority", "5"), new("Form.Effect", "allow"), new("Form.Repositories", "bad name with/../")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"repositories-error\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Audit_FiltersAsHtmxPartials_AndAsAFullPage()
    {
        using var client = await stack.SignedInAsync();

        var (partial, fragment) = await client.GetPageAsync("/audit?event_type=manifest_pushed&repository=team/app", htmx: true);
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.DoesNotContain("<html", fragment);
        Assert.Contains("data-event-type=\"manifest_pushed\"", fragment);
        Assert.DoesNotContain("data-event-type=\"login_ok\"", fragment);

        var (page, full) = await client.GetPageAsync("/audit?event_type=login_ok&actor=admin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<option value=\"login_ok\" selected=\"selected\">", full);
        Assert.Contains("data-event-type=\"login_ok\"", full);
        Assert.DoesNotContain("data-event-type=\"manifest_pushed\"", full);

        var (bad, badBody) = await client.GetPageAsync("/audit?since=yesterday", htmx: true);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("A date is written 2026-12-31.", badBody);
    }

    [Fact]
    public async Task Accounts_CreateASystemAccount_AndIssueItsTokenOnce()
    {
        using var client = await stack.SignedInAsync();
        var (_, list) = await client.GetPageAsync("/accounts");
        Assert.Contains($"data-account=\"{WebStack.UserName}\"", list);

        var created = await client.PostFormAsync("/accounts?handler=create", [new("Form.Username", "ci-robot"), new("Form.Type", "system"), new("Form.Role", "user")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await client.GetPageAsync("/accounts");

        var issued = await client.PostFormAsync("/accounts?handler=token", [new("username", "ci-robot")]);
        var body = await issued.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Contains("id=\"token-value\"", body);
        Assert.True(issued.Headers.CacheControl?.NoStore);
        var (_, again) = await client.GetPageAsync("/accounts");
        Assert.DoesNotContain("id=\"token-value\"", again);

        var shortPassword = await client.PostFormAsync("/accounts?handler=create", [new("Form.Username", "bob"), new("Form.Type", "human"), new("Form.Role", "user"), new("Form.Password", "short")]);
        Assert.Equal(HttpStatusCode.BadRequest, shortPassword.StatusCode);
        Assert.Contains("at least 12 characters", await shortPassword.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_NeedsNoSession_AndReportsTheRegistry()
    {
        using var client = stack.CreateClient();

        var (response, body) = await client.GetPageAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"ok\",\"registry\":\"ok\"}", body);
    }

    [Fact]
    public async Task WebOutput_HasNoPasswordOrCookie()
    {
        using var client = await stack.SignedInAsync();
        await client.GetPageAsync("/");
        var cookie = client.Cookies.GetAllCookies().Single(c => c.Name == Mcr.Web.Session.SessionUser.CookieName).Value;

        Assert.DoesNotContain(stack.Registry.AdminPassword, stack.WebOutput);
        Assert.DoesNotContain(cookie, stack.WebOutput);
        Assert.Contains("signed in", stack.WebOutput);
    }
}
