using Microsoft.Playwright;

namespace OmniBiz.Dashboard.Tests;

[Collection(BrowserCollection.Name)]
public sealed class MessagesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Two_users_chat_with_a_typing_indicator_and_a_read_receipt()
    {
        var (aliceEmail, alice) = await People.CustomerAsync(fixture, "alice");
        var (bobEmail, bob) = await People.CustomerAsync(fixture, "bob");
        var (created, conversation, _) = await alice.PostAsync("/api/messages/conversations", new { type = "direct", memberIds = new[] { bob.UserId } });
        Assert.True((int)created < 300, conversation.ToString());
        var conversationId = People.Id(conversation);

        await using var aliceTab = await fixture.OpenAsync();
        await using var bobTab = await fixture.OpenAsync();
        await aliceTab.SignInAsync(aliceEmail, People.Password);
        await bobTab.SignInAsync(bobEmail, People.Password);
        await bobTab.Page.GotoAsync("/messages");
        await Assertions.Expect(bobTab.Page.Locator($"[data-testid='conversation'][data-conversation-id='{conversationId}']")).ToBeVisibleAsync();
        await aliceTab.Page.GotoAsync($"/messages/{conversationId}");
        await Assertions.Expect(aliceTab.Page.GetByTestId("chat")).ToBeVisibleAsync();

        // An unread count on Bob's list while his chat is closed.
        var (sent, _, _) = await alice.PostAsync("/api/messages/send", new { conversationId, text = "Are you there?", clientMessageId = Guid.NewGuid().ToString("N") });
        Assert.True((int)sent < 300);
        await Assertions.Expect(bobTab.Page.Locator($"[data-conversation-id='{conversationId}'] [data-testid='unread']")).ToHaveTextAsync("1");

        await bobTab.Page.Locator($"[data-testid='conversation'][data-conversation-id='{conversationId}']").ClickAsync();
        await Assertions.Expect(bobTab.Page.GetByTestId("message")).ToHaveCountAsync(1);
        await Assertions.Expect(bobTab.Page.Locator($"[data-conversation-id='{conversationId}'] [data-testid='unread']")).ToHaveCountAsync(0);

        // Alice types: Bob sees it; she sends: Bob sees the message and, having seen it, Alice sees it read.
        await aliceTab.Page.GetByLabel("Message", new() { Exact = true }).PressSequentiallyAsync("Hello Bob");
        await Assertions.Expect(bobTab.Page.GetByTestId("typing")).ToContainTextAsync("typing");
        await aliceTab.Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(bobTab.Page.GetByTestId("message").Filter(new() { HasText = "Hello Bob" })).ToBeVisibleAsync();
        await Assertions.Expect(bobTab.Page.GetByTestId("typing")).ToHaveTextAsync("");
        await Assertions.Expect(aliceTab.Page.GetByTestId("message").Filter(new() { HasText = "Hello Bob" }).GetByTestId("read-receipt")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(aliceTab.Page, "messages");
        Assert.Empty(aliceTab.Errors);
        Assert.Empty(bobTab.Errors);
    }
}
