using Microsoft.Playwright;
using OmniBiz.Tests.Shared;
using System.Globalization;
using OmniBiz.WebHost.Tests.Common;
using OmniBiz.WebHost.Tests.Sessions;

namespace OmniBiz.Dashboard.Tests;

/// <summary>
/// One real node serving the dashboard and one Debian Chromium (never a downloaded browser), shared by every browser
/// test; each test opens its own contexts (separate storage = separate tabs, devices or people).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;
    private TestNode? _node;

    /// <summary>
    /// The node under test: an in-process node on its own database, or, when <c>OMNIBIZ_DASHBOARD_URL</c> names one, a
    /// node started elsewhere (a published Release build, to check the trimmed app) with the test admin
    /// (<see cref="TestNode.AdminEmail"/>) and raised rate limits.
    /// </summary>
    public Uri Address { get; private set; } = null!;

    public ApiClient Client() => new(Address);

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// The real SMTP server the node mails to (reset links). With <c>OMNIBIZ_DASHBOARD_URL</c> it listens on
    /// <c>OMNIBIZ_DASHBOARD_SMTP_PORT</c>, where the node started elsewhere must send its mail; unset, there is none.
    /// </summary>
    public TestSmtpServer? Smtp { get; private set; }

    /// <summary>Where screenshots go: <c>OMNIBIZ_SCREENSHOTS</c> when set (docs/screenshots for the README), else the test output.</summary>
    public string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("OMNIBIZ_SCREENSHOTS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("OMNIBIZ_DASHBOARD_URL") is { Length: > 0 } external)
        {
            Address = new Uri(external);
            if (int.TryParse(Environment.GetEnvironmentVariable("OMNIBIZ_DASHBOARD_SMTP_PORT"), CultureInfo.InvariantCulture, out var smtpPort))
            {
                Smtp = new TestSmtpServer(smtpPort);
                Smtp.Start();
            }
        }
        else
        {
            Smtp = new TestSmtpServer(TestNode.FreePort());
            Smtp.Start();
            var settings = TestNode.BaseSettings();
            settings["OmniBiz:Smtp:Host"] = "127.0.0.1";
            settings["OmniBiz:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture);
            settings["OmniBiz:Smtp:Security"] = "None";
            settings["OmniBiz:Smtp:From"] = "OmniBiz <accounts@omnibiz.test>";
            settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync("dashboard");
            // The in-process node finds the dashboard's files through the WebHost's static web assets manifest.
            settings["applicationName"] = "OmniBiz.WebHost";
            _node = await TestNode.StartAsync(settings);
            Address = _node.Address;
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: apt-get install chromium (.ci/run does this).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                "--no-sandbox",
                "--disable-dev-shm-usage",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (its own storage) with a page whose console errors the test can check.</summary>
    public async Task<BrowserPage> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Permissions = ["camera", "microphone"],
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = false });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
