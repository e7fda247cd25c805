using Mcr.EndToEnd.Tests.Harness;
using Mcr.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Mcr.Web.Tests.Browser;

/// <summary>
/// Debian's headless chromium driven through Debian's chromedriver (explicit paths, so Selenium Manager never tries to
/// download anything), with the flags that keep it off the network. A missing browser fails in CI and skips elsewhere.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    private readonly TempDirectory _profile = new("mcr-web-chromium");

    private Browser(Uri site)
    {
        Site = site;
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium, AcceptInsecureCertificates = true };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--hide-scrollbars", "--window-size=1440,1000", $"--user-data-dir={_profile.Path}");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
    }

    public ChromeDriver Driver { get; }

    public Uri Site { get; }

    /// <summary>Starts the browser; skips (or fails, on CI) when chromium or chromedriver is not installed.</summary>
    public static Browser Start(Uri site, ITestOutputHelper output)
    {
        Require(Chromium, "chromium", output);
        Require(ChromeDriver, "chromium-driver", output);
        // Belt and braces: should Selenium Manager ever run, it must not try the network.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        return new Browser(site);
    }

    public void Go(string path) => Driver.Navigate().GoToUrl(new Uri(Site, path));

    /// <summary>The path and query string of the page shown.</summary>
    public string Location => new Uri(Driver.Url).PathAndQuery;

    public IWebElement Find(string css) => Until(() => Driver.FindElements(By.CssSelector(css)).FirstOrDefault(), $"element {css}");

    public IReadOnlyList<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    public bool Has(string css) => Driver.FindElements(By.CssSelector(css)).Count > 0;

    /// <summary>Polls until <paramref name="condition"/> holds (htmx swaps land a moment after the event).</summary>
    public void WaitFor(Func<bool> condition, string what, double seconds = 10) =>
        Until(() => condition() ? (object)true : null, what, seconds);

    public T Until<T>(Func<T?> probe, string what, double seconds = 10)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                if (probe() is { } value)
                {
                    return value;
                }
            }
            catch (StaleElementReferenceException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {seconds} s for {what} on {Driver.Url}");
            }
            Thread.Sleep(50);
        }
    }

    public void SignIn(string username, string password)
    {
        Go("/login");
        Find("input[name=Username]").SendKeys(username);
        Find("input[name=Password]").SendKeys(password);
        Find("#sign-in").Click();
        WaitFor(() => Has("#logout"), "the signed-in page");
    }

    /// <summary>
    /// The whole page at <paramref name="width"/> CSS pixels (a phone's viewport at 360), as a PNG in
    /// <c>docs/screenshots/</c> of the repository.
    /// </summary>
    public string Screenshot(string name, int width)
    {
        Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width,
            ["height"] = 900,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = width < 600,
        });
        var height = Convert.ToInt32(Driver.ExecuteScript("return Math.ceil(document.documentElement.scrollHeight)"), System.Globalization.CultureInfo.InvariantCulture);
        Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width,
            ["height"] = Math.Clamp(height, 600, 4000),
            ["deviceScaleFactor"] = 1,
            ["mobile"] = width < 600,
        });
        var directory = RepositoryRoot.Combine("docs", "screenshots");
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, $"{name}-{width}.png");
        Driver.GetScreenshot().SaveAsFile(path);
        Driver.ExecuteCdpCommand("Emulation.clearDeviceMetricsOverride", []);
        return path;
    }

    /// <summary>The page is as wide as the viewport: nothing but tables (which scroll in their own box) overflows.</summary>
    public long HorizontalOverflow(int width)
    {
        Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width,
            ["height"] = 900,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = width < 600,
        });
        var overflow = (long)Driver.ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth")!;
        Culprits = overflow <= 0 ? "" : (string)Driver.ExecuteScript("""
            const w = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.overflow-auto, pre'))
              .slice(0, 8).map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');
            """)!;
        Driver.ExecuteCdpCommand("Emulation.clearDeviceMetricsOverride", []);
        return overflow;
    }

    /// <summary>What stuck out in the last <see cref="HorizontalOverflow"/>.</summary>
    public string Culprits { get; private set; } = "";

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            _profile.Dispose();
        }
    }

    private static void Require(string path, string debianPackage, ITestOutputHelper output)
    {
        if (File.Exists(path))
        {
            return;
        }
        var message = $"{path} is missing: install the Debian package '{debianPackage}' (apt-get install chromium chromium-driver)";
        if (Tool.IsCi)
        {
            Assert.Fail($"{message}; the browser tests require it when CI=true");
        }
        output.WriteLine($"SKIPPED: {message}");
        throw new SkipException(message);
    }
}
