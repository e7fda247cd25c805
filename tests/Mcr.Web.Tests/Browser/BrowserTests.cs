using System.Diagnostics;
using Mcr.Web.Tests.Harness;
using OpenQA.Selenium;

namespace Mcr.Web.Tests.Browser;

/// <summary>
/// A person's walk through mcr-web in a real chromium against real mcrsrv and mcr-web processes: sign in, browse,
/// search as you type, a multi-arch image with its referrers, tag delete, a policy created, toggled and deleted,
/// the audit filter, a POST without its CSRF token refused, sign out. The screenshots in the README come from here.
/// </summary>
[Collection(WebStackCollection.Name)]
public sealed class BrowserTests(WebStack stack, ITestOutputHelper output)
{
    [SkippableFact]
    public void Walkthrough()
    {
        var clock = Stopwatch.StartNew();
        using var browser = Browser.Start(stack.WebAddress, output);

        // Signing in goes back where the visitor was headed.
        browser.Go("/repositories");
        browser.WaitFor(() => browser.Location.StartsWith("/login", StringComparison.Ordinal), "the login page");
        browser.Find("input[name=Username]").SendKeys(stack.Registry.AdminUser);
        browser.Find("input[name=Password]").SendKeys("wrong-password");
        browser.Find("#sign-in").Click();
        Assert.Contains("Wrong user name or password", browser.Find("#login-error").Text);
        browser.Find("input[name=Password]").SendKeys(stack.Registry.AdminPassword);
        browser.Find("#sign-in").Click();
        browser.WaitFor(() => browser.Location == "/repositories", "the repositories after sign-in");
        Assert.Contains("admin (admin)", browser.Find("#current-user").Text);

        // Search as you type: htmx swaps the results and the address bar follows.
        var search = browser.Find("#repository-search");
        search.SendKeys("prox");
        browser.WaitFor(() => browser.FindAll("#repositories td a").Select(a => a.Text).SequenceEqual(["infra/proxy"]), "the search results");
        browser.WaitFor(() => browser.Location == "/repositories?q=prox", "the search in the URL");
        search.Clear();
        search.SendKeys("team/");
        browser.WaitFor(() => browser.FindAll("#repositories td a").Count == 3, "team's repositories");

        // The multi-arch repository, its index, a platform image and a referrer.
        browser.Find("a[href='/repositories/team/app']").Click();
        browser.WaitFor(() => browser.Has("#tags"), "the tags");
        var latest = browser.Find("tr[data-tag='latest']");
        Assert.Contains("linux/amd64", latest.Text);
        Assert.Contains("linux/arm64/v8", latest.Text);
        Assert.Contains($"podman pull {stack.Registry.Host}/team/app:latest", browser.Find("#pull-podman").Text);
        latest.FindElement(By.CssSelector($"a[href='/manifests/team/app@{stack.MultiArch.Digest}']")).Click();
        browser.WaitFor(() => browser.Has("#children"), "the index's platforms");
        Assert.Equal(2, browser.FindAll("#children tbody tr").Count);
        Assert.Contains("SBOMs", browser.Find("#referrers").Text);
        Assert.Contains("Signatures", browser.Find("#referrers").Text);
        browser.Find($"#referrers a[href='/manifests/team/app@{stack.Sbom.Digest}']").Click();
        browser.WaitFor(() => browser.Has("#subject-link"), "the SBOM's page");
        browser.Find("#subject-link").Click();
        browser.WaitFor(() => browser.Has("#children"), "back at the index");
        browser.FindAll("#children tbody a").First().Click();
        browser.WaitFor(() => browser.Has("#layers"), "a platform image");
        Assert.Contains("APP_MODE=production", browser.Find("#environment").Text);
        Assert.Contains("linux/amd64", browser.Find("#config-platform").Text);

        // Delete two tags at once, after the confirmation.
        browser.Go("/repositories/browser/app");
        browser.Find("tr[data-tag='drop-1'] input[type=checkbox]").Click();
        browser.Find("tr[data-tag='drop-2'] input[type=checkbox]").Click();
        var delete = browser.Find("#delete-tags");
        Assert.True(delete.Enabled);
        Assert.Contains("(2)", delete.Text);
        delete.Click();
        var confirm = browser.Until(() => TryAlert(browser), "the confirmation");
        Assert.Contains("Delete the selected tags", confirm.Text);
        confirm.Accept();
        browser.WaitFor(() => browser.Has(".flash.ok"), "the result");
        Assert.Contains("Deleted 2 tags", browser.Find(".flash.ok").Text);
        Assert.False(browser.Has("tr[data-tag='drop-1']"));
        Assert.True(browser.Has("tr[data-tag='keep']"));

        // A policy rule: a validation error beside its field, then created, toggled inline and deleted.
        browser.Go("/policies");
        browser.Find("#new-rule").Click();
        var priority = browser.Find("#priority");
        priority.Clear();
        priority.SendKeys("0");
        browser.Find("#save-rule").Click();
        Assert.Contains("at least 1", browser.Find("#priority-error").Text);
        priority = browser.Find("#priority");
        priority.Clear();
        priority.SendKeys("30");
        browser.Find("#description").SendKeys("browser test: no deletes in releases");
        browser.Find("#effect option[value=deny]").Click();
        browser.Find("input[name='Form.Actions'][value='registry:delete']").Click();
        browser.Find("#repositories").SendKeys("releases/*");
        browser.Find("#save-rule").Click();
        browser.WaitFor(() => browser.Location == "/policies" && browser.Has(".flash.ok"), "the created rule");
        var row = browser.Until(() => browser.FindAll("#rules tr").FirstOrDefault(r => r.Text.Contains("no deletes in releases", StringComparison.Ordinal)), "the rule's row");
        var rowId = row.GetAttribute("id");
        Assert.True(browser.Find($"#{rowId} .rule-toggle").Selected);
        browser.Find($"#{rowId} .rule-toggle").Click();
        browser.WaitFor(() => !browser.Find($"#{rowId} .rule-toggle").Selected && browser.Find($"#{rowId}").Text.Contains("off", StringComparison.Ordinal), "the rule disabled");
        browser.Go("/policies");
        Assert.False(browser.Find($"#{rowId} .rule-toggle").Selected);
        browser.Find($"#{rowId} button.danger").Click();
        browser.Until(() => TryAlert(browser), "the delete confirmation").Accept();
        browser.WaitFor(() => !browser.Has($"#{rowId}"), "the rule gone");

        // The audit log, filtered by event type: htmx partials, the filter in the URL.
        browser.Go("/audit");
        browser.Find("#filter-event option[value=tag_deleted]").Click();
        browser.WaitFor(() => browser.Location.Contains("event_type=tag_deleted", StringComparison.Ordinal), "the filter in the URL");
        browser.WaitFor(() => browser.FindAll("#audit-events tbody tr").Count >= 2 &&
            browser.FindAll("#audit-events tbody tr").All(r => r.GetAttribute("data-event-type") == "tag_deleted"), "only tag_deleted events");
        browser.Driver.Navigate().Refresh();
        Assert.True(browser.Find("#filter-event option[value=tag_deleted]").Selected);

        // A POST without the anti-forgery token, from this very page: refused with 400, nothing deleted.
        var status = browser.Driver.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            fetch('/repositories/browser/app?handler=deletetags', { method: 'POST', credentials: 'same-origin',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'tags=keep' })
              .then(r => done(r.status), e => done(String(e)));
            """);
        Assert.Equal(400L, status);
        browser.Go("/repositories/browser/app");
        Assert.True(browser.Has("tr[data-tag='keep']"));

        // Sign out: back at the login page, and the pages need a session again.
        browser.Find("#logout").Click();
        browser.WaitFor(() => browser.Has("#login-notice"), "the signed-out notice");
        Assert.Contains("You have signed out", browser.Find("#login-notice").Text);
        browser.Go("/policies");
        browser.WaitFor(() => browser.Location.StartsWith("/login", StringComparison.Ordinal), "the login page again");
        output.WriteLine($"walkthrough: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [SkippableFact]
    public void Screenshots_At1440And360_AndNoPageIsWiderThanAPhone()
    {
        using var browser = Browser.Start(stack.WebAddress, output);
        browser.Go("/login");
        browser.Find("#sign-in");
        var taken = new List<string> { browser.Screenshot("login", 1440), browser.Screenshot("login", 360) };
        browser.SignIn(stack.Registry.AdminUser, stack.Registry.AdminPassword);
        var pages = new (string Name, string Path, string Ready)[]
        {
            ("dashboard", "/", "#recent-pushes"),
            ("repositories", "/repositories", "#repositories"),
            ("repository", "/repositories/team/app", "#tags"),
            ("manifest", $"/manifests/team/app@{stack.MultiArch.Digest}", "#referrers"),
            ("image", "/manifests/team/api:v1", "#layers"),
            ("policies", "/policies", "#new-rule"),
            ("audit", "/audit?event_type=manifest_pushed", "#audit-events"),
            ("accounts", "/accounts", "#accounts"),
        };
        foreach (var (name, path, ready) in pages)
        {
            browser.Go(path);
            browser.Find(ready);
            foreach (var width in new[] { 1440, 360 })
            {
                Assert.True(browser.HorizontalOverflow(width) <= 0, $"{path} is wider than {width} px: {browser.Culprits}");
                taken.Add(browser.Screenshot(name, width));
            }
        }
        foreach (var file in taken)
        {
            Assert.True(new FileInfo(file).Length > 5_000, file);
            output.WriteLine(file);
        }
    }

    private static IAlert? TryAlert(Browser browser)
    {
        try
        {
            return browser.Driver.SwitchTo().Alert();
        }
        catch (NoAlertPresentException)
        {
            return null;
        }
    }
}
