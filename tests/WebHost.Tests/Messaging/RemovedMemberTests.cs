using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Messaging;

[Collection(NodeCollection.Name)]
public sealed class RemovedMemberTests(NodeFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_member_who_is_removed_or_leaves_hears_no_more_typing_or_messages_and_cannot_type(bool leaves)
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        using var carol = await fixture.Client().RegisterAsync();
        var (_, group, _) = await alice.PostAsync("/api/messages/conversations", new { type = "group", memberIds = new[] { bob.UserId, carol.UserId }, title = "Ops" });
        var groupId = group.GetProperty("id").GetString()!;
        await using var aliceTab = await alice.ConnectAsync();
        await using var bobTab = await bob.ConnectAsync();
        await using var carolTab = await carol.ConnectAsync();
        await bobTab.InvokeAsync("JoinConversation", groupId);
        await carolTab.InvokeAsync("JoinConversation", groupId);
        await bobTab.InvokeAsync("Typing", groupId); // his access is known to the node before he is removed
        using var bobTyping = new EventRecorder(bobTab, "user_typing");
        using var bobMessages = new EventRecorder(bobTab, "message_received");
        using var carolTyping = new EventRecorder(carolTab, "user_typing");
        using var carolMessages = new EventRecorder(carolTab, "message_received");

        var (status, _, _) = leaves
            ? await bob.DeleteAsync($"/api/messages/conversations/{groupId}/members/{bob.UserId}")
            : await alice.DeleteAsync($"/api/messages/conversations/{groupId}/members/{bob.UserId}");
        Assert.Equal(HttpStatusCode.OK, status);

        // The removal reaches Bob's open connection through his user topic; from then on his typing is refused.
        var refusal = await Eventually.UntilAsync(async () =>
        {
            try
            {
                await bobTab.InvokeAsync("Typing", groupId);
                return null;
            }
            catch (HubException e)
            {
                return e.Message;
            }
        }, m => m is not null, TimeSpan.FromSeconds(15), "Bob's typing to be refused");
        Assert.Contains("not a member", refusal, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => bobTab.InvokeAsync("StopTyping", groupId));
        await Assert.ThrowsAsync<HubException>(() => bobTab.InvokeAsync("JoinConversation", groupId));

        await aliceTab.InvokeAsync("Typing", groupId);
        var (sent, _, _) = await alice.PostAsync("/api/messages/send", new { conversationId = groupId, text = "after", clientMessageId = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.Created, sent);
        // Carol, still a member, hears both; by then Bob's connection would have been sent them too.
        await carolTyping.NextMatchingAsync(p => p.GetProperty("userId").GetString() == alice.UserId);
        await carolMessages.NextMatchingAsync(p => p.GetProperty("text").GetString() == "after");
        await bobTab.InvokeAsync<JsonElement>("Ready");
        await carolTab.InvokeAsync<JsonElement>("Ready");
        Assert.DoesNotContain(bobTyping.All, p => p.GetProperty("userId").GetString() == alice.UserId);
        Assert.Equal(0, bobMessages.Count);
    }
}
