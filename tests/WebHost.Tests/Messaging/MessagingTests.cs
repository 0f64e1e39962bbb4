using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Messaging;

[Collection(NodeCollection.Name)]
public sealed class MessagingTests(NodeFixture fixture)
{
    private static async Task<string> DirectAsync(ApiClient a, ApiClient b)
    {
        var (status, conversation, _) = await a.PostAsync("/api/messages/conversations", new { type = "direct", memberIds = new[] { b.UserId } });
        Assert.Equal(HttpStatusCode.OK, status);
        return conversation.GetProperty("id").GetString()!;
    }

    /// <summary>Collects message_received for one conversation and checks exactly-once, in-order delivery.</summary>
    private sealed class Inbox
    {
        private readonly ConcurrentQueue<long> _seqs = new();
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _expected;

        public Inbox(HubConnection connection, string conversationId, int expected)
        {
            _expected = expected;
            connection.On<JsonElement>("message_received", m =>
            {
                if (m.GetProperty("conversationId").GetString() == conversationId)
                {
                    _seqs.Enqueue(m.GetProperty("seq").GetInt64());
                    if (_seqs.Count >= _expected)
                    {
                        _done.TrySetResult();
                    }
                }
            });
        }

        public IReadOnlyList<long> Seqs => [.. _seqs];

        public Task CompleteAsync() => _done.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Five_hundred_messages_from_both_sides_over_hub_and_rest_arrive_exactly_once_in_seq_order()
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        var conversationId = await DirectAsync(alice, bob);
        await using var aliceTab = await alice.ConnectAsync();
        await using var bobTab = await bob.ConnectAsync();
        var aliceInbox = new Inbox(aliceTab, conversationId, 500);
        var bobInbox = new Inbox(bobTab, conversationId, 500);

        var sends = Enumerable.Range(0, 500).Select(async i =>
        {
            var (sender, tab) = i % 2 == 0 ? (alice, aliceTab) : (bob, bobTab);
            if (i % 4 < 2)
            {
                await tab.InvokeAsync<JsonElement>("SendMessage", conversationId, $"hub {i}", $"m-{i}", Array.Empty<string>());
            }
            else
            {
                var (status, _, _) = await sender.PostAsync("/api/messages/send", new { conversationId, text = $"rest {i}", clientMessageId = $"m-{i}" });
                Assert.Equal(HttpStatusCode.Created, status);
            }
        });
        await Task.WhenAll(sends);
        await Task.WhenAll(aliceInbox.CompleteAsync(), bobInbox.CompleteAsync());

        var expected = Enumerable.Range(1, 500).Select(i => (long)i).ToList();
        Assert.Equal(expected, aliceInbox.Seqs);
        Assert.Equal(expected, bobInbox.Seqs);

        var history = new List<long>();
        long after = 0;
        while (true)
        {
            var (_, page, _) = await bob.GetAsync($"/api/messages/conversations/{conversationId}/messages?afterSeq={after}&limit=200");
            var items = page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
            history.AddRange(items);
            if (items.Count < 200)
            {
                break;
            }

            after = items[^1];
        }

        Assert.Equal(expected, history);
    }

    [Fact]
    public async Task A_retried_client_message_id_is_stored_and_delivered_once()
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        var conversationId = await DirectAsync(alice, bob);
        await using var bobTab = await bob.ConnectAsync();
        using var received = new EventRecorder(bobTab, "message_received");

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            alice.PostAsync("/api/messages/send", new { conversationId, text = "once", clientMessageId = "same-id" })));
        Assert.Single(results.Select(r => r.Body.GetProperty("id").GetString()).Distinct());
        await alice.PostAsync("/api/messages/send", new { conversationId, text = "marker", clientMessageId = "marker" });

        await received.NextMatchingAsync(m => m.GetProperty("text").GetString() == "marker");
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task A_client_message_id_resent_after_the_recent_window_amid_concurrent_sends_keeps_seqs_gapless()
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        var conversationId = await DirectAsync(alice, bob);
        var (_, first, _) = await alice.PostAsync("/api/messages/send", new { conversationId, text = "first", clientMessageId = "old" });
        await Task.WhenAll(Enumerable.Range(0, 520).Select(i =>
            SendUntilStoredAsync(alice, conversationId, $"filler {i}", $"filler-{i}")));
        await using var bobTab = await bob.ConnectAsync();
        var inbox = new Inbox(bobTab, conversationId, 60);

        // The old id is no longer in the conversation's memory: its resend reaches the database beside new sends,
        // which must neither skip a seq nor be stored twice (a send refused meanwhile is retried with its id).
        var resend = SendUntilStoredAsync(alice, conversationId, "first again", "old");
        var fresh = Enumerable.Range(0, 60).Select(i => SendUntilStoredAsync(i % 2 == 0 ? alice : bob, conversationId, $"new {i}", $"new-{i}")).ToList();
        var again = await resend;
        var stored = await Task.WhenAll(fresh);

        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(1, again.GetProperty("seq").GetInt64());
        var newSeqs = stored.Select(m => m.GetProperty("seq").GetInt64()).Order().ToList();
        Assert.Equal(Enumerable.Range(522, 60).Select(i => (long)i), newSeqs);
        await inbox.CompleteAsync();
        Assert.Equal(newSeqs, inbox.Seqs);
        var (_, page, _) = await bob.GetAsync($"/api/messages/conversations/{conversationId}/messages?afterSeq=500&limit=200");
        Assert.Equal(Enumerable.Range(501, 81).Select(i => (long)i), page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
    }

    /// <summary>Sends over REST, resending with the same client message id while the conversation answers 503.</summary>
    private static async Task<JsonElement> SendUntilStoredAsync(ApiClient sender, string conversationId, string text, string clientMessageId)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (status, body, _) = await sender.PostAsync("/api/messages/send", new { conversationId, text, clientMessageId });
            if (status != HttpStatusCode.ServiceUnavailable || attempt == 20)
            {
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"{status}: {body}");
                return body;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_receiver_that_reconnects_catches_up_by_after_seq_with_nothing_missing_or_doubled()
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        var conversationId = await DirectAsync(alice, bob);
        var seen = new List<long>();

        await using (var bobTab = await bob.ConnectAsync())
        {
            var firstHalf = new Inbox(bobTab, conversationId, 20);
            for (var i = 0; i < 20; i++)
            {
                await alice.PostAsync("/api/messages/send", new { conversationId, text = $"a {i}", clientMessageId = $"a-{i}" });
            }

            await firstHalf.CompleteAsync();
            seen.AddRange(firstHalf.Seqs);
        }

        for (var i = 20; i < 50; i++)
        {
            await alice.PostAsync("/api/messages/send", new { conversationId, text = $"a {i}", clientMessageId = $"a-{i}" });
        }

        await using var again = await bob.ConnectAsync();
        var live = new Inbox(again, conversationId, 10);
        var (_, missed, _) = await bob.GetAsync($"/api/messages/conversations/{conversationId}/messages?afterSeq={seen[^1]}&limit=200");
        seen.AddRange(missed.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        for (var i = 50; i < 60; i++)
        {
            await alice.PostAsync("/api/messages/send", new { conversationId, text = $"a {i}", clientMessageId = $"a-{i}" });
        }

        await live.CompleteAsync();
        seen.AddRange(live.Seqs);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Unread_counts_are_exact_and_read_pointers_never_move_back_even_with_two_tabs_reading_at_once()
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        var conversationId = await DirectAsync(alice, bob);
        for (var i = 0; i < 10; i++)
        {
            await alice.PostAsync("/api/messages/send", new { conversationId, text = $"n {i}", clientMessageId = $"n-{i}" });
        }

        async Task<long> UnreadAsync(ApiClient who) =>
            (await who.GetAsync("/api/messages/conversations")).Body.GetProperty("items").EnumerateArray()
                .Single(c => c.GetProperty("id").GetString() == conversationId).GetProperty("unreadCount").GetInt64();

        Assert.Equal(10, await UnreadAsync(bob));
        Assert.Equal(0, await UnreadAsync(alice));

        await using var tab1 = await bob.ConnectAsync();
        await using var tab2 = await bob.ConnectAsync();
        var pointers = await Task.WhenAll(
            tab1.InvokeAsync<long>("MarkRead", conversationId, 7L),
            tab2.InvokeAsync<long>("MarkRead", conversationId, 4L),
            bob.PostAsync($"/api/messages/conversations/{conversationId}/read", new { seq = 6 }).ContinueWith(t => t.Result.Body.GetProperty("lastReadSeq").GetInt64(), TaskScheduler.Default));
        Assert.Contains(7L, pointers);
        Assert.Equal(3, await UnreadAsync(bob));
        Assert.Equal(7, await tab2.InvokeAsync<long>("MarkRead", conversationId, 2L));
        Assert.Equal(10, await tab1.InvokeAsync<long>("MarkRead", conversationId, 999L));
        Assert.Equal(0, await UnreadAsync(bob));

        // Replying reads everything before it.
        await alice.PostAsync("/api/messages/send", new { conversationId, text = "more", clientMessageId = "more" });
        Assert.Equal(1, await UnreadAsync(bob));
        await bob.PostAsync("/api/messages/send", new { conversationId, text = "reply", clientMessageId = "reply" });
        Assert.Equal(0, await UnreadAsync(bob));
        Assert.Equal(1, await UnreadAsync(alice)); // Bob's reply
    }

    [Fact]
    public async Task The_inbox_lists_newest_activity_first_and_a_direct_pair_has_one_conversation_even_when_racing()
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        using var carol = await fixture.Client().RegisterAsync();
        var ids = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => i % 2 == 0 ? DirectAsync(alice, bob) : DirectAsync(bob, alice)));
        Assert.Single(ids.Distinct());

        var (_, group, _) = await alice.PostAsync("/api/messages/conversations", new { type = "group", memberIds = new[] { bob.UserId, carol.UserId }, title = "Team" });
        var groupId = group.GetProperty("id").GetString()!;
        await alice.PostAsync("/api/messages/send", new { conversationId = ids[0], text = "direct", clientMessageId = "d" });
        await alice.PostAsync("/api/messages/send", new { conversationId = groupId, text = "group", clientMessageId = "g" });

        var (_, inbox, _) = await bob.GetAsync("/api/messages/conversations");
        var items = inbox.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([groupId, ids[0]], items.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("group", items[0].GetProperty("lastMessage").GetProperty("text").GetString());
        Assert.Equal(3, items[0].GetProperty("members").GetArrayLength());

        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsync($"/api/messages/conversations/{groupId}/members", new { userIds = new[] { bob.UserId } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsync("/api/messages/send", new { conversationId = groupId, text = "", clientMessageId = "e" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsync("/api/messages/send", new { conversationId = groupId, text = new string('x', 8001), clientMessageId = "l" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsync("/api/messages/conversations", new { type = "direct", memberIds = new[] { "nobody" } })).Status);
    }

    [Fact]
    public async Task Group_admins_add_members_who_then_receive_messages_and_a_member_may_leave()
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        using var carol = await fixture.Client().RegisterAsync();
        var (_, group, _) = await alice.PostAsync("/api/messages/conversations", new { type = "group", memberIds = new[] { bob.UserId }, title = "Ops" });
        var groupId = group.GetProperty("id").GetString()!;
        await using var carolTab = await carol.ConnectAsync();
        using var carolInbox = new EventRecorder(carolTab, "message_received");

        var (added, conversation, _) = await alice.PostAsync($"/api/messages/conversations/{groupId}/members", new { userIds = new[] { carol.UserId } });
        Assert.Equal(HttpStatusCode.OK, added);
        Assert.Contains(carol.UserId, conversation.GetProperty("members").EnumerateArray().Select(m => m.GetString()));

        // Carol's open connection follows the conversation once she is added.
        var received = await Eventually.UntilAsync(async () =>
        {
            await alice.PostAsync("/api/messages/send", new { conversationId = groupId, text = "welcome", clientMessageId = Guid.NewGuid().ToString() });
            return carolInbox.Count;
        }, n => n > 0, TimeSpan.FromSeconds(15), "carol's connection to receive group messages");
        Assert.True(received > 0);

        Assert.Equal(HttpStatusCode.OK, (await bob.DeleteAsync($"/api/messages/conversations/{groupId}/members/{bob.UserId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/messages/conversations/{groupId}/messages")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"/api/messages/conversations/{groupId}/members/{carol.UserId}")).Status);
    }

    [Fact]
    public async Task Typing_reaches_watching_members_and_expires_by_itself()
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        var conversationId = await DirectAsync(alice, bob);
        await using var aliceTab = await alice.ConnectAsync();
        await using var bobTab = await bob.ConnectAsync();
        await bobTab.InvokeAsync("JoinConversation", conversationId);
        using var typing = new EventRecorder(bobTab, "user_typing");
        using var stopped = new EventRecorder(bobTab, "user_stopped_typing");

        for (var i = 0; i < 5; i++)
        {
            await aliceTab.InvokeAsync("Typing", conversationId);
        }

        var (notice, _) = await typing.NextAsync();
        Assert.Equal(alice.UserId, notice.GetProperty("userId").GetString());
        var (expired, _) = await stopped.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(alice.UserId, expired.GetProperty("userId").GetString());
        Assert.Equal(1, typing.Count); // five calls within the throttle window: one event
    }

    [Fact]
    public async Task Outsiders_cannot_join_read_send_or_download_and_uploads_are_checked()
    {
        using var alice = await fixture.Client().RegisterAsync();
        using var bob = await fixture.Client().RegisterAsync();
        using var mallory = await fixture.Client().RegisterAsync();
        var conversationId = await DirectAsync(alice, bob);

        using var upload = new MultipartFormDataContent { { new ByteArrayContent("hello"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", "note.txt" } };
        using var uploadRequest = new HttpRequestMessage(HttpMethod.Post, "/api/messages/attachments") { Content = upload };
        uploadRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
        var (uploaded, attachment, _) = await alice.SendAsync(uploadRequest);
        Assert.Equal(HttpStatusCode.Created, uploaded);
        var attachmentId = attachment.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsync("/api/messages/send", new { conversationId, text = "mine?", clientMessageId = "steal", attachmentIds = new[] { attachmentId } })).Status);
        var (sent, message, _) = await alice.PostAsync("/api/messages/send", new { conversationId, text = "file", clientMessageId = "f", attachmentIds = new[] { attachmentId } });
        Assert.Equal(HttpStatusCode.Created, sent);
        Assert.Equal("note.txt", message.GetProperty("attachments")[0].GetProperty("fileName").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/api/messages/attachments/{attachmentId}")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync($"/api/messages/attachments/{attachmentId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync($"/api/messages/conversations/{conversationId}/messages")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.PostAsync("/api/messages/send", new { conversationId, text = "hi", clientMessageId = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.PostAsync($"/api/messages/conversations/{conversationId}/read", new { seq = 1 })).Status);
        await using var malloryTab = await mallory.ConnectAsync();
        Assert.Contains("not a member", (await Assert.ThrowsAsync<HubException>(() => malloryTab.InvokeAsync("JoinConversation", conversationId))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => malloryTab.InvokeAsync("Typing", conversationId));
        await Assert.ThrowsAsync<HubException>(() => malloryTab.InvokeAsync<JsonElement>("SendMessage", conversationId, "hi", "y", Array.Empty<string>()));

        using var tooBig = new MultipartFormDataContent { { new ByteArrayContent(new byte[(10 * 1024 * 1024) + 1]) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "file", "big.pdf" } };
        using var tooBigRequest = new HttpRequestMessage(HttpMethod.Post, "/api/messages/attachments") { Content = tooBig };
        tooBigRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
        tooBigRequest.Headers.ExpectContinue = true;
        var (bigStatus, bigProblem, _) = await alice.SendAsync(tooBigRequest);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bigStatus);
        Assert.Equal(413, bigProblem.GetProperty("status").GetInt32());

        using var exe = new MultipartFormDataContent { { new ByteArrayContent([0x4d, 0x5a]) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-msdownload") } }, "file", "a.exe" } };
        using var exeRequest = new HttpRequestMessage(HttpMethod.Post, "/api/messages/attachments") { Content = exe };
        exeRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SendAsync(exeRequest)).Status);
    }
}
