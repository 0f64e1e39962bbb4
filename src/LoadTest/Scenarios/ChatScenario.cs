using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.LoadTest.Common;

namespace OmniBiz.LoadTest.Scenarios;

/// <summary>
/// K group conversations of M members, every member connected; S messages a second in total, sent by random members
/// over the hub (half) and REST (half). Measures send acknowledgement and end-to-end latency (send → each member's
/// receipt), and checks every member received every message of its conversation exactly once, in seq order.
/// </summary>
public sealed class ChatScenario(int conversations, int members, double messagesPerSecond) : IScenario
{
    private readonly List<Room> _rooms = [];
    private readonly List<HubConnection> _connections = [];

    public string Name => "chat";

    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["conversations"] = conversations.ToString(CultureInfo.InvariantCulture),
        ["members"] = members.ToString(CultureInfo.InvariantCulture),
        ["connected"] = (conversations * members).ToString(CultureInfo.InvariantCulture),
        ["messagesPerSecond"] = messagesPerSecond.ToString(CultureInfo.InvariantCulture),
    };

    public async Task SetupAsync(HarnessContext context)
    {
        var users = new ApiSession[conversations * members];
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var session = context.Session(i);
            await session.RegisterAsync($"chat-{context.RunId}-{i}@load.omnibiz.test", "load-password-1");
            users[i] = session;
        });

        for (var k = 0; k < conversations; k++)
        {
            var roomUsers = users.Skip(k * members).Take(members).ToList();
            var (status, conversation) = await roomUsers[0].SendAsync("setup_conversation", HttpMethod.Post, "/api/messages/conversations",
                new { type = "group", title = $"Load room {k}", memberIds = roomUsers.Skip(1).Select(u => u.UserId).ToArray() });
            if (status != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Creating a conversation answered {(int)status}.");
            }

            _rooms.Add(new Room(conversation.GetProperty("id").GetString()!, roomUsers));
        }

        var rooms = _rooms.ToDictionary(r => r.Id);
        var connected = 0;
        await Parallel.ForEachAsync(_rooms.SelectMany(r => r.Users.Select(u => (Room: r, User: u))), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (member, _) =>
        {
            var connection = HarnessContext.Hub(member.User.Node, member.User);
            var receiver = new Receiver();
            member.Room.Receivers.Add(receiver);
            connection.On<JsonElement>("message_received", message => receiver.Receive(context, rooms, message));
            await connection.StartAsync();
            await connection.InvokeAsync<JsonElement>("Ready");
            member.Room.Connections[member.User.UserId!] = connection;
            lock (_connections)
            {
                _connections.Add(connection);
            }

            Interlocked.Increment(ref connected);
        });
    }

    public async Task RunAsync(HarnessContext context, CancellationToken stop)
    {
        var random = new Random(42);
        var counter = 0L;
        await OpenLoop.RunAsync(messagesPerSecond, stop, () =>
        {
            var room = _rooms[random.Next(_rooms.Count)];
            var sender = room.Users[random.Next(room.Users.Count)];
            return SendAsync(context, room, sender, Interlocked.Increment(ref counter));
        });
    }

    private static async Task SendAsync(HarnessContext context, Room room, ApiSession sender, long id)
    {
        // The text carries the send time (this process's clock), so receivers measure end to end.
        var text = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);
        var clientMessageId = $"load-{id}";
        long seq;
        if (id % 2 == 0)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var message = await room.Connections[sender.UserId!].InvokeAsync<JsonElement>("SendMessage", room.Id, text, clientMessageId, Array.Empty<string>());
                context.Metrics.Record("send_hub", Stopwatch.GetElapsedTime(started));
                seq = message.GetProperty("seq").GetInt64();
            }
            catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
            {
                context.Metrics.Error($"send_hub:{e.GetType().Name}");
                return;
            }
        }
        else
        {
            var (status, message) = await sender.SendAsync("send_rest", HttpMethod.Post, "/api/messages/send", new { conversationId = room.Id, text, clientMessageId });
            if (status != HttpStatusCode.Created)
            {
                return;
            }

            seq = message.GetProperty("seq").GetInt64();
        }

        room.NoteSent(seq);
        context.Metrics.Count("messages_sent");
    }

    public async Task VerifyAsync(HarnessContext context)
    {
        // Give deliveries already under way a moment to land, then compare every member's stream with what was stored.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10) && _rooms.Any(r => r.Receivers.Any(x => x.Last(r.Id) < r.HighestSent)))
        {
            await Task.Delay(100);
        }

        long lost = 0, duplicated = 0, outOfOrder = 0, delivered = 0;
        foreach (var room in _rooms)
        {
            foreach (var receiver in room.Receivers)
            {
                var seqs = receiver.Seqs(room.Id);
                delivered += seqs.Count;
                duplicated += seqs.Count - seqs.Distinct().Count();
                outOfOrder += seqs.Zip(seqs.Skip(1)).Count(p => p.Second <= p.First);
                lost += room.HighestSent - seqs.Distinct().Count(s => s <= room.HighestSent);
            }
        }

        context.Metrics.Count("deliveries", delivered);
        context.Metrics.Count("lost", lost);
        context.Metrics.Count("duplicated", duplicated);
        context.Metrics.Count("out_of_order", outOfOrder);
        if (lost + duplicated + outOfOrder > 0)
        {
            context.Metrics.Violation($"{lost} deliveries lost, {duplicated} duplicated, {outOfOrder} out of order");
        }

        await Task.WhenAll(_connections.Select(c => c.DisposeAsync().AsTask()));
    }

    private sealed class Room(string id, List<ApiSession> users)
    {
        private long _highestSent;

        public string Id => id;

        public List<ApiSession> Users => users;

        public ConcurrentBag<Receiver> Receivers { get; } = [];

        public ConcurrentDictionary<string, HubConnection> Connections { get; } = new(StringComparer.Ordinal);

        public long HighestSent => Interlocked.Read(ref _highestSent);

        public void NoteSent(long seq)
        {
            long current;
            while ((current = Interlocked.Read(ref _highestSent)) < seq && Interlocked.CompareExchange(ref _highestSent, seq, current) != current)
            {
            }
        }
    }

    /// <summary>One member connection's view: the seqs it received per conversation, in arrival order.</summary>
    private sealed class Receiver
    {
        private readonly ConcurrentDictionary<string, List<long>> _seqs = new(StringComparer.Ordinal);

        public void Receive(HarnessContext context, Dictionary<string, Room> rooms, JsonElement message)
        {
            var conversationId = message.GetProperty("conversationId").GetString()!;
            if (!rooms.ContainsKey(conversationId))
            {
                return;
            }

            var list = _seqs.GetOrAdd(conversationId, _ => []);
            lock (list)
            {
                list.Add(message.GetProperty("seq").GetInt64());
            }

            if (long.TryParse(message.GetProperty("text").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt))
            {
                context.Metrics.Record("delivery", Stopwatch.GetElapsedTime(sentAt));
            }
        }

        public List<long> Seqs(string conversationId)
        {
            var list = _seqs.GetValueOrDefault(conversationId) ?? [];
            lock (list)
            {
                return [.. list];
            }
        }

        public long Last(string conversationId) => Seqs(conversationId).DefaultIfEmpty(0).Max();
    }
}

/// <summary>The chat points the product's targets are stated at (docs/benchmarks.md), by name.</summary>
public sealed record ChatPreset(string Name, int Conversations, int Members, double MessagesPerSecond)
{
    public static readonly IReadOnlyList<ChatPreset> All =
    [
        new("standard", 200, 10, 1_000),
        new("large", 500, 10, 1_000),
        new("hot", 1, 50, 2_000),
    ];
}
