using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.LoadTest.Common;
using OmniBiz.LoadTest.Reporting;

namespace OmniBiz.LoadTest.Scenarios;

/// <summary>
/// Holds C idle hub connections for U users (a user may have several, like browser tabs), each joined to its user
/// topic. Measures the connect rate and what each connection costs the server (heap after a full collection, and
/// working set), checks every connection is live by sending each user an event (clearing its cart publishes
/// <c>cart_updated</c> to all its connections), then repeatedly drops every connection at once and measures how long
/// until all are back and caught up (every connection received a fresh event again).
/// </summary>
public sealed class ConnectionsScenario(int connections, int users, TimeSpan hold, bool storms) : IScenario
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);
    private readonly List<Member> _members = [];
    private readonly List<ApiSession> _users = [];
    private long _notCaughtUp;

    public string Name => "connections";

    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["connections"] = connections.ToString(CultureInfo.InvariantCulture),
        ["users"] = users.ToString(CultureInfo.InvariantCulture),
        ["holdSeconds"] = hold.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ["storms"] = storms ? "yes" : "no",
    };

    public async Task SetupAsync(HarnessContext context)
    {
        var sessions = new ApiSession[Math.Min(users, connections)];
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var session = context.Session(i);
            await session.RegisterAsync($"idle-{context.RunId}-{i}@load.omnibiz.test", "load-password-1");
            sessions[i] = session;
        });
        _users.AddRange(sessions);
        for (var i = 0; i < connections; i++)
        {
            // Connection i belongs to user i mod U and goes to that user's node, so each user's tabs share a node
            // only when there is one node; with several, a user's tabs are spread like the users are.
            var user = _users[i % _users.Count];
            var node = context.Options.TargetFor(i);
            var member = new Member(HarnessContext.Hub(node, user));
            member.Connection.On<JsonElement>("cart_updated", _ => member.Received());
            _members.Add(member);
        }
    }

    public async Task RunAsync(HarnessContext context, CancellationToken stop)
    {
        // The phases are measured from the end of the warm-up; the warm-up itself is idle.
        await context.Metrics.Measuring;
        var before = await SampleAllAsync(context);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(_members, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (member, _) => await ConnectAsync(context, member, "connect"));
        var connectSeconds = clock.Elapsed.TotalSeconds;
        context.Metrics.Count("connected", _members.Count(m => m.Connection.State == HubConnectionState.Connected));
        context.Metrics.Count("connects_per_second", (long)(_members.Count / connectSeconds));
        var after = await SampleAllAsync(context);
        if (before is { } b && after is { } a)
        {
            context.Metrics.Count("server_heap_bytes_per_connection", (a.GcHeapBytes - b.GcHeapBytes) / connections);
            context.Metrics.Count("server_working_set_bytes_per_connection", (a.WorkingSetBytes - b.WorkingSetBytes) / connections);
            context.Metrics.Count("server_connections", a.Connections);
        }

        await ProbeAsync(context);

        // Hold the connections until the run ends, dropping them all every `hold` when storms are on.
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(storms ? hold : Timeout.InfiniteTimeSpan, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await StormAsync(context);
        }
    }

    /// <summary>Every connection drops at once (a node restart or a network blip), then all reconnect at once.</summary>
    private async Task StormAsync(HarnessContext context)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(_members.Select(m => m.Connection.StopAsync()));
        await Task.WhenAll(_members.Select(m => ConnectAsync(context, m, "reconnect")));
        var back = clock.Elapsed;
        await ProbeAsync(context);
        context.Metrics.Record("storm_all_back", back);
        context.Metrics.Record("storm_caught_up", clock.Elapsed);
        context.Metrics.Count("storms");
    }

    private static async Task ConnectAsync(HarnessContext context, Member member, string operation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await member.Connection.StartAsync();
            await member.Connection.InvokeAsync<JsonElement>("Ready");
            context.Metrics.Record(operation, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is AggregateException or HttpRequestException or IOException or InvalidOperationException or TimeoutException or System.Net.WebSockets.WebSocketException)
        {
            context.Metrics.Error($"{operation}:{e.GetType().Name}");
        }
    }

    /// <summary>Sends every user an event and waits until each of their connections has it.</summary>
    private async Task ProbeAsync(HarnessContext context)
    {
        foreach (var member in _members)
        {
            member.Arm();
        }

        var sent = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(_users, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (user, _) =>
            await user.SendAsync("probe", HttpMethod.Delete, "/api/cart"));
        var missed = 0;
        await Task.WhenAll(_members.Select(async member =>
        {
            if (await member.WaitAsync(ProbeTimeout))
            {
                context.Metrics.Record("event_after_connect", Stopwatch.GetElapsedTime(sent));
            }
            else
            {
                Interlocked.Increment(ref missed);
            }
        }));
        Interlocked.Add(ref _notCaughtUp, missed);
    }

    private async Task<ServerSample?> SampleAllAsync(HarnessContext context)
    {
        // Memory is per node: sum every node's figures (the admin token is valid on all of them).
        var samples = new List<ServerSample>();
        foreach (var node in context.Options.Targets)
        {
            var admin = new ApiSession(context.Http, node, context.Metrics);
            admin.Adopt(context.Admin.Token!, context.Admin.UserId!);
            if (await admin.ServerSampleAsync(collect: true) is { } sample)
            {
                samples.Add(sample);
            }
        }

        return samples.Count == context.Options.Targets.Count
            ? new ServerSample(samples.Sum(s => s.WorkingSetBytes), samples.Sum(s => s.GcHeapBytes), samples.Sum(s => s.CpuSeconds), samples.Sum(s => s.Connections), samples.Max(s => s.UptimeSeconds))
            : null;
    }

    public async Task VerifyAsync(HarnessContext context)
    {
        var missed = Interlocked.Read(ref _notCaughtUp);
        context.Metrics.Count("not_caught_up", missed);
        if (missed > 0)
        {
            context.Metrics.Violation($"{missed} connection checks saw no event within {ProbeTimeout.TotalSeconds:0} s");
        }

        await Task.WhenAll(_members.Select(m => m.Connection.DisposeAsync().AsTask()));
    }

    private sealed class Member(HubConnection connection)
    {
        private volatile TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HubConnection Connection => connection;

        public void Arm() => _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Received() => _next.TrySetResult();

        public async Task<bool> WaitAsync(TimeSpan timeout)
        {
            try
            {
                await _next.Task.WaitAsync(timeout);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }
}
