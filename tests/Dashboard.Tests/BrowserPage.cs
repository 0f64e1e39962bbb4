using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace OmniBiz.Dashboard.Tests;

/// <summary>One person's browser context and page, recording what the page logs as errors.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();

    public BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            // A refused request is the page's to explain (it shows the problem's message); the browser's own note about
            // the status code is not an error of the app.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _errors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Enqueue(error);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Signs in through the sign-in page and waits until the live connection is up.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await Page.GotoAsync("/signin");
        await Page.GetByLabel("E-mail").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("connection-status")).ToContainTextAsync("Connected");
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
