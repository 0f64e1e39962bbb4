using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OmniBiz.LoadTest.Baseline;

/// <summary>
/// What Kestrel and SignalR alone reach on this machine: the smallest app that speaks the part of OmniBiz's wire
/// contract the chat, fleet and connections scenarios use. No Orleans, no storage, no real authentication (a token is
/// the user's id). A message is numbered and relayed to its conversation's SignalR group; a ping batch is parsed,
/// range-checked, kept as the vehicle's latest position and answered 202; map viewers get the changed positions four
/// times a second. Figures measured against it are the ceiling OmniBiz's are read against.
/// </summary>
public static class BaselineServer
{
    public const string HubPath = "/hubs/omnibiz";

    /// <summary>Builds the app. <paramref name="plantLostDelivery"/> drops one member's copy of the first group message: a fault for the harness's own tests.</summary>
    public static WebApplication Build(string url, bool plantLostDelivery)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR(o => o.MaximumParallelInvocationsPerClient = 4);
        builder.Services.AddSingleton(new BaselineState(plantLostDelivery));
        builder.Services.AddHostedService<MapFeed>();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<BaselineHub>(HubPath);
        Map(app);
        return app;
    }

    private static void Map(WebApplication app)
    {
        var started = DateTimeOffset.UtcNow;
        app.MapGet("/health", () => Results.Ok());
        app.MapPost("/api/auth/register", (Credentials body, BaselineState state) => Results.Json(state.SignIn(body.Email), statusCode: StatusCodes.Status201Created));
        app.MapPost("/api/auth/login", (Credentials body, BaselineState state) => Results.Ok(state.SignIn(body.Email)));
        app.MapGet("/api/admin/metrics", (bool? collect, BaselineState state) =>
        {
            if (collect == true)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            using var process = Process.GetCurrentProcess();
            return Results.Ok(new
            {
                workingSetBytes = process.WorkingSet64,
                gcHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
                cpuSeconds = process.TotalProcessorTime.TotalSeconds,
                connections = state.ConnectionCount,
                uptimeSeconds = (DateTimeOffset.UtcNow - started).TotalSeconds,
            });
        });

        app.MapPost("/api/messages/conversations", async (NewConversation body, HttpContext http, BaselineState state, IHubContext<BaselineHub> hub) =>
        {
            var id = await state.CreateConversationAsync(UserOf(http), body.MemberIds ?? [], hub.Groups);
            return Results.Json(new { id }, statusCode: StatusCodes.Status201Created);
        });
        app.MapPost("/api/messages/send", async (NewMessage body, HttpContext http, BaselineState state, IHubContext<BaselineHub> hub) =>
            await state.RelayAsync(hub.Clients, UserOf(http), body.ConversationId, body.Text, body.ClientMessageId) is { } message
                ? Results.Json(message, statusCode: StatusCodes.Status201Created)
                : Results.NotFound());
        app.MapDelete("/api/cart", async (HttpContext http, IHubContext<BaselineHub> hub) =>
        {
            var cart = new { items = Array.Empty<object>(), total = 0m };
            await hub.Clients.Group("user:" + UserOf(http)).SendAsync("cart_updated", cart);
            return Results.Ok(cart);
        });

        app.MapPost("/api/fleet/vehicles", () => Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: StatusCodes.Status201Created));
        app.MapPost("/api/fleet/vehicles/{id}/device-token", (string id) => Results.Ok(new { token = id }));
        app.MapPost("/api/fleet/pings", (PingBatch body, HttpContext http, BaselineState state) =>
        {
            if (body.Pings is not { Length: > 0 and <= 500 } pings)
            {
                return Results.BadRequest();
            }

            var vehicleId = UserOf(http);
            var accepted = 0;
            foreach (var ping in pings)
            {
                if (ping.Lat is >= -90 and <= 90 && ping.Lng is >= -180 and <= 180 && ping.RecordedAt <= DateTimeOffset.UtcNow.AddMinutes(1))
                {
                    state.Moved(vehicleId, ping);
                    accepted++;
                }
            }

            return Results.Json(new { accepted, rejected = Array.Empty<object>() }, statusCode: StatusCodes.Status202Accepted);
        });
    }

    internal static string UserOf(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() is { Length: > 7 } header ? header["Bearer ".Length..] : "anonymous";

    private sealed record Credentials(string Email);

    private sealed record NewConversation(string[]? MemberIds);

    private sealed record NewMessage(string ConversationId, string Text, string ClientMessageId);

    private sealed record PingBatch(BaselinePing[]? Pings);
}

public sealed record BaselinePing(double Lat, double Lng, double? SpeedKph, double? Heading, DateTimeOffset RecordedAt);

public sealed record BaselineMessage(string ConversationId, long Seq, string SenderId, string Text, string ClientMessageId, DateTimeOffset SentAt);

/// <summary>The baseline's memory: users by e-mail, conversations with their members and next seq, connections by user, latest positions.</summary>
public sealed class BaselineState(bool plantLostDelivery)
{
    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _conversationsOf = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _connectionsOf = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, object> _moved = new(StringComparer.Ordinal);
    private int _connections;
    private int _faultPlanted;

    public int ConnectionCount => Volatile.Read(ref _connections);

    public object SignIn(string email)
    {
        var id = _users.GetOrAdd(email, _ => Guid.NewGuid().ToString("N"));
        return new { accessToken = id, user = new { id, email } };
    }

    public async Task<string> CreateConversationAsync(string creator, IEnumerable<string> memberIds, IGroupManager groups)
    {
        var id = Guid.NewGuid().ToString("N");
        var members = memberIds.Append(creator).Distinct(StringComparer.Ordinal).ToArray();
        _conversations[id] = new Conversation(members);
        foreach (var member in members)
        {
            _conversationsOf.GetOrAdd(member, _ => new(StringComparer.Ordinal))[id] = 0;
            foreach (var connectionId in ConnectionsOf(member))
            {
                await groups.AddToGroupAsync(connectionId, id);
            }
        }

        return id;
    }

    public IEnumerable<string> ConversationsOf(string userId) => _conversationsOf.TryGetValue(userId, out var ids) ? ids.Keys : [];

    public void Connected(string userId, string connectionId)
    {
        _connectionsOf.GetOrAdd(userId, _ => new(StringComparer.Ordinal))[connectionId] = 0;
        Interlocked.Increment(ref _connections);
    }

    public void Disconnected(string userId, string connectionId)
    {
        if (_connectionsOf.TryGetValue(userId, out var connections) && connections.TryRemove(connectionId, out _))
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    /// <summary>Numbers the message and hands it to the conversation's group, one message at a time per conversation so every member sees seq order.</summary>
    public async Task<BaselineMessage?> RelayAsync(IHubClients<IClientProxy> clients, string senderId, string conversationId, string text, string clientMessageId)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation) || !conversation.Members.Contains(senderId, StringComparer.Ordinal))
        {
            return null;
        }

        await conversation.Gate.WaitAsync();
        try
        {
            var message = new BaselineMessage(conversationId, ++conversation.Seq, senderId, text, clientMessageId, DateTimeOffset.UtcNow);
            var skip = plantLostDelivery && Interlocked.Exchange(ref _faultPlanted, 1) == 0
                ? conversation.Members.Where(m => m != senderId).SelectMany(ConnectionsOf).Take(1).ToArray()
                : [];
            await clients.GroupExcept(conversationId, skip).SendAsync("message_received", message);
            return message;
        }
        finally
        {
            conversation.Gate.Release();
        }
    }

    public void Moved(string vehicleId, BaselinePing ping) =>
        _moved[vehicleId] = new { vehicleId, lat = ping.Lat, lng = ping.Lng, speedKph = ping.SpeedKph ?? 0, heading = ping.Heading, recordedAt = ping.RecordedAt, moving = true };

    /// <summary>The positions that changed since the last call.</summary>
    public ICollection<object> TakeMoved() => Interlocked.Exchange(ref _moved, new(StringComparer.Ordinal)).Values;

    private IEnumerable<string> ConnectionsOf(string userId) => _connectionsOf.TryGetValue(userId, out var ids) ? ids.Keys : [];

    private sealed class Conversation(string[] members)
    {
        public string[] Members => members;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long Seq { get; set; }
    }
}

/// <summary>The bare hub: a connection joins its user's group and its conversations' groups; messages are relayed.</summary>
public sealed class BaselineHub(BaselineState state) : Hub
{
    // The .NET client sends the token as a header, browsers in the query string.
    private string UserId => Context.GetHttpContext() is { } http
        ? http.Request.Query["access_token"].ToString() is { Length: > 0 } token ? token : BaselineServer.UserOf(http)
        : "anonymous";

    public override async Task OnConnectedAsync()
    {
        state.Connected(UserId, Context.ConnectionId);
        await Groups.AddToGroupAsync(Context.ConnectionId, "user:" + UserId);
        foreach (var conversationId in state.ConversationsOf(UserId))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, conversationId);
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        state.Disconnected(UserId, Context.ConnectionId);
        return Task.CompletedTask;
    }

    public object Ready() => new { nodeId = "baseline", userId = UserId };

    public Task JoinMaps() => Groups.AddToGroupAsync(Context.ConnectionId, "maps");

    public async Task<BaselineMessage> SendMessage(string conversationId, string text, string clientMessageId, string[]? attachmentIds) =>
        await state.RelayAsync(Clients, UserId, conversationId, text, clientMessageId) ?? throw new HubException("Not a member of that conversation.");
}

/// <summary>Sends map viewers the positions that changed, four times a second, as OmniBiz does.</summary>
public sealed class MapFeed(BaselineState state, IHubContext<BaselineHub> hub) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var moved = state.TakeMoved();
            if (moved.Count > 0)
            {
                await hub.Clients.Group("maps").SendAsync("vehicles_moved", moved, stoppingToken);
            }
        }
    }
}
