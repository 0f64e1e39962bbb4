using System.Collections.Concurrent;
using System.Net;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Messaging;

/// <summary>Group commit keeps every acknowledged message: a node killed right after a burst of sends loses none.</summary>
public sealed class MessageKillTests
{
    private const int Conversations = 4;
    private const int PerConversation = 60;

    [Fact]
    public async Task A_node_killed_after_a_burst_of_acknowledged_sends_keeps_them_all_with_gapless_seqs_and_a_resend_returns_the_stored_one()
    {
        var database = await TestPostgres.CreateMigratedDatabaseAsync("messagekill");
        Dictionary<string, string?> Settings()
        {
            var settings = TestNode.BaseSettings();
            settings["ConnectionStrings:OmniBiz"] = database;
            return settings;
        }

        var (aliceEmail, bobEmail) = ($"kill-a-{Guid.NewGuid():N}@example.com", $"kill-b-{Guid.NewGuid():N}@example.com");
        var acknowledged = new ConcurrentDictionary<string, (string ConversationId, string ClientId, string Id, long Seq)>();
        var conversationIds = new List<string>();
        const int target = Conversations * PerConversation * 3 / 4;
        var acknowledgedCount = 0;
        var killed = await NodeProcess.StartAsync(Settings());
        await using (killed)
        {
            using var alice = await killed.Client().RegisterAsync(aliceEmail);
            using var bob = await killed.Client().RegisterAsync(bobEmail);
            for (var c = 0; c < Conversations; c++)
            {
                var (status, group, _) = await alice.PostAsync("/api/messages/conversations", new { type = "group", memberIds = new[] { bob.UserId }, title = $"Kill {c}" });
                Assert.Equal(HttpStatusCode.Created, status);
                conversationIds.Add(group.GetProperty("id").GetString()!);
            }

            // Both members send into every conversation at once, so batches mix conversations and senders.
            using var enough = new SemaphoreSlim(0);
            async Task SendAllAsync(ApiClient sender, string conversationId, string prefix)
            {
                for (var i = 0; i < PerConversation / 2; i++)
                {
                    var clientId = $"{prefix}-{i}";
                    try
                    {
                        var (status, message, _) = await sender.PostAsync("/api/messages/send", new { conversationId, text = $"{prefix} {i}", clientMessageId = clientId });
                        if (status != HttpStatusCode.Created)
                        {
                            return;
                        }

                        acknowledged[message.GetProperty("id").GetString()!] = (conversationId, clientId, message.GetProperty("id").GetString()!, message.GetProperty("seq").GetInt64());
                        if (Interlocked.Increment(ref acknowledgedCount) == target)
                        {
                            enough.Release();
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the node is gone: this send was never acknowledged
                    }
                }
            }

            var senders = conversationIds.SelectMany(id => new[] { SendAllAsync(alice, id, $"a-{id}"), SendAllAsync(bob, id, $"b-{id}") }).ToList();
            Assert.True(await enough.WaitAsync(TimeSpan.FromSeconds(60)), "The burst was not acknowledged in time.");
            killed.Kill();
            await Task.WhenAll(senders);
        }

        Assert.True(acknowledged.Count >= target);
        await using var restarted = await NodeProcess.StartAsync(Settings());
        using var aliceAgain = await restarted.Client().LoginAsync(aliceEmail, "password-123");
        foreach (var conversationId in conversationIds)
        {
            var (status, page, _) = await aliceAgain.GetAsync($"/api/messages/conversations/{conversationId}/messages?afterSeq=0&limit=200");
            Assert.Equal(HttpStatusCode.OK, status);
            var stored = page.GetProperty("items").EnumerateArray()
                .Select(m => (Id: m.GetProperty("id").GetString()!, Seq: m.GetProperty("seq").GetInt64())).ToList();
            Assert.Equal(Enumerable.Range(1, stored.Count).Select(s => (long)s), stored.Select(m => m.Seq));
            foreach (var ack in acknowledged.Values.Where(a => a.ConversationId == conversationId))
            {
                Assert.Contains((ack.Id, ack.Seq), stored);
            }

            // The inbox agrees with the stored tail after the restart.
            var (_, inbox, _) = await aliceAgain.GetAsync("/api/messages/conversations?limit=100");
            var row = inbox.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetString() == conversationId);
            Assert.Equal(stored.Count, row.GetProperty("lastSeq").GetInt64());
        }

        // A resend of an acknowledged client message id answers the stored message and stores nothing new.
        var resent = acknowledged.Values.First(a => a.ClientId.StartsWith("a-", StringComparison.Ordinal));
        var (resendStatus, again, _) = await aliceAgain.PostAsync("/api/messages/send", new { conversationId = resent.ConversationId, text = "again", clientMessageId = resent.ClientId });
        Assert.Equal(HttpStatusCode.Created, resendStatus);
        Assert.Equal(resent.Id, again.GetProperty("id").GetString());
        Assert.Equal(resent.Seq, again.GetProperty("seq").GetInt64());

        // The next new message continues the sequence without a gap.
        var (_, before, _) = await aliceAgain.GetAsync($"/api/messages/conversations/{resent.ConversationId}/messages?afterSeq=0&limit=200");
        var (_, next, _) = await aliceAgain.PostAsync("/api/messages/send", new { conversationId = resent.ConversationId, text = "after restart", clientMessageId = "after-restart" });
        Assert.Equal(before.GetProperty("items").GetArrayLength() + 1, next.GetProperty("seq").GetInt64());
    }
}
