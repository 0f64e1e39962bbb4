using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class AccountTests(BrowserFixture fixture)
{
    private const string WrongSignIn = "The e-mail address or password is wrong.";

    [Fact]
    public async Task An_admin_finds_a_user_by_e_mail_prefix_disables_them_so_they_cannot_sign_in_and_enables_them_again()
    {
        var (email, client) = await People.CustomerAsync(fixture, "disable-me");
        client.Dispose();
        await using var admin = await fixture.OpenAsync();
        await admin.SignInAsync(TestNode.AdminEmail, TestNode.AdminPassword);
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await admin.Page.GetByLabel("Search").FillAsync(email[..^8]);
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var row = admin.Page.GetByTestId("user-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(email);
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("user-state")).ToHaveTextAsync("Disabled");
        await fixture.ScreenshotAsync(admin.Page, "users");

        await using var user = await fixture.OpenAsync();
        await SignInExpectingAsync(user, email, People.Password, WrongSignIn);

        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("user-state")).ToHaveTextAsync("Active");
        await user.SignInAsync(email, People.Password);

        // The last admin keeps the role: the server's refusal is shown and the box stays ticked.
        await admin.Page.GetByLabel("Search").FillAsync(TestNode.AdminEmail);
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var adminBox = admin.Page.GetByLabel($"admin role of {TestNode.AdminEmail}");
        await adminBox.ClickAsync();
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "last enabled admin" })).ToBeVisibleAsync();
        await Assertions.Expect(adminBox).ToBeCheckedAsync();
        Assert.Empty(admin.Errors);
        Assert.Empty(user.Errors);
    }

    [Fact]
    public async Task An_admin_opens_the_orleans_dashboard_from_the_users_page_signed_in_by_its_cookie()
    {
        await using var admin = await fixture.OpenAsync();
        await admin.SignInAsync(TestNode.AdminEmail, TestNode.AdminPassword);
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await admin.Page.GetByTestId("open-orleans-dashboard").ClickAsync();
        await admin.Page.WaitForURLAsync(new Regex("/orleans/$"));
        // The browser's own request (with the cookie, no bearer token) was answered with the dashboard's page.
        var page = await admin.Page.Context.APIRequest.GetAsync(admin.Page.Url);
        Assert.Equal(200, page.Status);
        Assert.Contains("<html", await page.TextAsync(), StringComparison.OrdinalIgnoreCase);
        await fixture.ScreenshotAsync(admin.Page, "orleans-dashboard");
    }

    [Fact]
    public async Task A_user_changes_their_password_on_the_profile_page_and_signs_in_with_the_new_one()
    {
        var (email, client) = await People.CustomerAsync(fixture, "profile");
        client.Dispose();
        await using var user = await fixture.OpenAsync();
        await user.SignInAsync(email, People.Password);
        await user.Page.GetByTestId("profile-link").ClickAsync();
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Heading, new() { Name = "Your profile" })).ToBeVisibleAsync();

        await user.Page.GetByLabel("Display name").FillAsync("Paula Profile");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("profile-link")).ToContainTextAsync("Paula Profile");

        await user.Page.GetByLabel("Current password").FillAsync("not-the-password");
        await user.Page.GetByLabel("New password").FillAsync("changed-password-456");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "assword" })).ToBeVisibleAsync();

        await user.Page.GetByLabel("Current password").FillAsync(People.Password);
        await user.Page.GetByLabel("New password").FillAsync("changed-password-456");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("password-changed")).ToBeVisibleAsync();
        // This device stays signed in and live.
        await Assertions.Expect(user.Page.GetByTestId("connection-status")).ToContainTextAsync("Connected");
        await fixture.ScreenshotAsync(user.Page, "profile");
        await user.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await SignInExpectingAsync(user, email, People.Password, WrongSignIn);
        await user.SignInAsync(email, "changed-password-456");
        Assert.Empty(user.Errors);
    }

    [Fact]
    public async Task A_user_resets_a_forgotten_password_through_the_mailed_link_and_a_used_link_shows_the_servers_message()
    {
        var smtp = fixture.Smtp ?? throw new InvalidOperationException(
            "No SMTP server for reset mail: with OMNIBIZ_DASHBOARD_URL set OMNIBIZ_DASHBOARD_SMTP_PORT and send the node's mail there.");
        var (email, client) = await People.CustomerAsync(fixture, "forgot");
        client.Dispose();
        await using var user = await fixture.OpenAsync();
        await user.Page.GotoAsync("/signin");
        await user.Page.GetByRole(AriaRole.Link, new() { Name = "Forgot password?" }).ClickAsync();
        await user.Page.GetByLabel("E-mail").FillAsync(email);
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("reset-requested")).ToContainTextAsync("If an account exists");
        await fixture.ScreenshotAsync(user.Page, "forgot-password");

        var mail = await smtp.NextToAsync(email, TimeSpan.FromSeconds(30));
        var link = new Uri(ResetLink().Match(mail.TextBody ?? "").Value);
        await user.Page.GotoAsync(link.PathAndQuery);
        await user.Page.GetByLabel("New password").FillAsync("reset-password-789");
        await fixture.ScreenshotAsync(user.Page, "reset-password");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("reset-done")).ToBeVisibleAsync();
        await user.SignInAsync(email, "reset-password-789");

        // The link works once: opened again, the page shows why it no longer does.
        await using var again = await fixture.OpenAsync();
        await again.Page.GotoAsync(link.PathAndQuery);
        await again.Page.GetByLabel("New password").FillAsync("another-password-000");
        await again.Page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Assertions.Expect(again.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This reset link is not valid");
        Assert.Empty(user.Errors);
        Assert.Empty(again.Errors);
    }

    private static async Task SignInExpectingAsync(BrowserPage who, string email, string password, string message)
    {
        await who.Page.GotoAsync("/signin");
        await who.Page.GetByLabel("E-mail").FillAsync(email);
        await who.Page.GetByLabel("Password").FillAsync(password);
        await who.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(who.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(message);
    }

    [GeneratedRegex(@"\S+/reset-password\?token=\S+")]
    private static partial Regex ResetLink();
}
