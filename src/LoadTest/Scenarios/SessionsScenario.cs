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
/// S live sessions of capacity C, P guests invited to each, their connections spread over the nodes. When measurement
/// starts, every guest joins at once (the join storm: its duration, admitted vs refused as full); then seated
/// participants exchange offers, answers and ICE candidates with a few peers each at R signals a second in total.
/// Measures join latency and signal relay latency (send → the target's receipt), and counts signals lost or misdelivered.
/// </summary>
public sealed class SessionsScenario(int sessions, int participants, int capacity, int peers, double signalsPerSecond) : IScenario
{
    private readonly List<Guest> _guests = [];
    private readonly ConcurrentDictionary<long, long> _pending = new();
    private long _signalId;

    public string Name => "sessions";

    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["sessions"] = sessions.ToString(CultureInfo.InvariantCulture),
        ["participants"] = participants.ToString(CultureInfo.InvariantCulture),
        ["capacity"] = capacity.ToString(CultureInfo.InvariantCulture),
        ["peers"] = peers.ToString(CultureInfo.InvariantCulture),
        ["signalsPerSecond"] = signalsPerSecond.ToString(CultureInfo.InvariantCulture),
    };

    public async Task SetupAsync(HarnessContext context)
    {
        var index = 0;
        for (var s = 0; s < sessions; s++)
        {
            var (status, session) = await context.Admin.SendAsync("setup_session", HttpMethod.Post, "/api/sessions",
                new { title = $"Load session {s}", kind = "meeting", scheduledAt = DateTimeOffset.UtcNow.AddMinutes(5), durationMinutes = 60, capacity });
            if (status != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Creating a session answered {(int)status}: {session}");
            }

            var sessionId = session.GetProperty("id").GetString()!;
            await context.Admin.SendAsync("setup_start", HttpMethod.Post, $"/api/sessions/{sessionId}/start", new { });
            foreach (var chunk in Enumerable.Range(0, participants).Chunk(100))
            {
                var emails = chunk.Select(i => $"guest-{context.RunId}-{s}-{i}@load.omnibiz.test").ToArray();
                var (invited, invitations) = await context.Admin.SendAsync("setup_invite", HttpMethod.Post, $"/api/sessions/{sessionId}/invitations", new { emails });
                if (invited != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"Inviting answered {(int)invited}: {invitations}");
                }

                foreach (var invitation in invitations.EnumerateArray())
                {
                    var url = invitation.GetProperty("joinUrl").GetString()!;
                    _guests.Add(new Guest(sessionId, url[(url.LastIndexOf('/') + 1)..], context.Session(index++)));
                }
            }
        }

        await Parallel.ForEachAsync(_guests, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (guest, _) =>
        {
            var (status, access) = await guest.Api.SendAsync("setup_guest", HttpMethod.Post, $"/api/sessions/join/{guest.JoinToken}", new { displayName = "Load guest" });
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Opening a join link answered {(int)status}: {access}");
            }

            guest.Api.Adopt(access.GetProperty("accessToken").GetString()!, access.GetProperty("userId").GetString()!);
            guest.Connection = HarnessContext.Hub(guest.Api.Node, guest.Api);
            guest.Connection.On<JsonElement>("signal", payload => Receive(context, guest, payload));
            await guest.Connection.StartAsync();
            await guest.Connection.InvokeAsync<JsonElement>("Ready");
        });
    }

    public async Task RunAsync(HarnessContext context, CancellationToken stop)
    {
        // The join storm is measured: it starts with measurement.
        await context.Metrics.Measuring.WaitAsync(stop).ContinueWith(_ => { }, TaskScheduler.Default);
        if (stop.IsCancellationRequested)
        {
            return;
        }

        var storm = Stopwatch.StartNew();
        await Task.WhenAll(_guests.Select(g => JoinAsync(context, g)));
        context.Metrics.Count("join_storm_ms", storm.ElapsedMilliseconds);
        context.Metrics.Count("admitted", _guests.Count(g => g.ParticipantId is not null));
        context.Metrics.Count("refused_full", _guests.Count(g => g.Refused));
        var seated = _guests.Where(g => g.ParticipantId is not null).ToList();
        var random = new Random(7);
        foreach (var bySession in seated.GroupBy(g => g.SessionId))
        {
            var members = bySession.ToList();
            foreach (var guest in members)
            {
                guest.Peers = [.. members.Where(m => m != guest).OrderBy(_ => random.Next()).Take(peers)];
            }
        }

        var senders = seated.Where(g => g.Peers.Length > 0).ToList();
        if (senders.Count == 0)
        {
            return;
        }

        var kinds = new[] { "offer", "candidate", "candidate" };
        await OpenLoop.RunAsync(signalsPerSecond, stop, () =>
        {
            var sender = senders[random.Next(senders.Count)];
            var target = sender.Peers[random.Next(sender.Peers.Length)];
            return SendAsync(context, sender, target, kinds[random.Next(kinds.Length)]);
        });
    }

    private static async Task JoinAsync(HarnessContext context, Guest guest)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var seat = await guest.Connection!.InvokeAsync<JsonElement>("JoinSession", guest.SessionId, guest.JoinToken);
            context.Metrics.Record("join", Stopwatch.GetElapsedTime(started));
            guest.ParticipantId = seat.GetProperty("participantId").GetString();
        }
        catch (HubException e) when (e.Message.Contains("full", StringComparison.Ordinal))
        {
            context.Metrics.Record("join_refused_full", Stopwatch.GetElapsedTime(started));
            guest.Refused = true;
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
        {
            context.Metrics.Error($"join:{e.GetType().Name}");
        }
    }

    private async Task SendAsync(HarnessContext context, Guest sender, Guest target, string type)
    {
        var id = Interlocked.Increment(ref _signalId);
        _pending[id] = Stopwatch.GetTimestamp();
        try
        {
            // The relay does not parse SDP: a realistic size is what matters, not realistic content.
            await sender.Connection!.InvokeAsync("Signal", sender.SessionId, target.ParticipantId,
                new { type, id, to = target.ParticipantId, sdp = type == "candidate" ? null : Sdp });
            context.Metrics.Count("signals_sent");
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
        {
            _pending.TryRemove(id, out _);
            context.Metrics.Error($"signal:{e.GetType().Name}");
        }
    }

    private void Receive(HarnessContext context, Guest guest, JsonElement payload)
    {
        var signal = payload.GetProperty("signal");
        if (signal.GetProperty("to").GetString() != guest.ParticipantId)
        {
            context.Metrics.Count("misdelivered");
            return;
        }

        var id = signal.GetProperty("id").GetInt64();
        if (_pending.TryRemove(id, out var sentAt))
        {
            context.Metrics.Record("signal_relay", Stopwatch.GetElapsedTime(sentAt));
            context.Metrics.Count("signals_received");
        }
        else
        {
            context.Metrics.Count("duplicated");
        }
    }

    public async Task VerifyAsync(HarnessContext context)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10) && !_pending.IsEmpty)
        {
            await Task.Delay(100);
        }

        context.Metrics.Count("lost", _pending.Count);
        var admitted = context.Metrics.Counter("admitted");
        var expectedAdmitted = sessions * (long)Math.Min(capacity, participants);
        if (admitted != expectedAdmitted && context.Metrics.Counter("join_storm_ms") > 0)
        {
            context.Metrics.Violation($"{admitted} seated where capacity allows {expectedAdmitted}");
        }

        if (_pending.Count + context.Metrics.Counter("misdelivered") + context.Metrics.Counter("duplicated") > 0)
        {
            context.Metrics.Violation($"{_pending.Count} signals lost, {context.Metrics.Counter("misdelivered")} misdelivered, {context.Metrics.Counter("duplicated")} duplicated");
        }

        await Task.WhenAll(_guests.Where(g => g.Connection is not null).Select(g => g.Connection!.DisposeAsync().AsTask()));
    }

    // About the size of a browser's offer with audio and video.
    private static readonly string Sdp = "v=0\r\n" + string.Concat(Enumerable.Repeat("a=candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host generation 0\r\n", 40));

    private sealed class Guest(string sessionId, string joinToken, ApiSession api)
    {
        public string SessionId => sessionId;

        public string JoinToken => joinToken;

        public ApiSession Api => api;

        public HubConnection? Connection { get; set; }

        public string? ParticipantId { get; set; }

        public bool Refused { get; set; }

        public Guest[] Peers { get; set; } = [];
    }
}
