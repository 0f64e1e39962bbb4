using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;
using Xunit.Abstractions;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>
/// Three standalone silos and two client-mode web nodes, real processes, under a mixed load of checkouts, chat, GPS
/// pings and map dashboards: one silo is killed (kill -9), then one web node, then both are started again. Clients
/// do what a real client does (resend with the same idempotency key or client message id, reconnect to the other
/// node and catch up); afterwards nothing acknowledged is missing and nothing is doubled.
/// </summary>
public sealed class ClusterFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MapPatience = TimeSpan.FromSeconds(10);
    private const int InitialStock = 100_000;

    [Fact]
    public async Task Killing_a_silo_and_a_web_node_under_mixed_load_loses_no_acknowledged_order_message_or_ping()
    {
        await using var cluster = await Cluster.StartAsync(output);
        var (silos, webs, load) = (cluster.Silos, cluster.Webs, cluster.Load);
        var running = load.RunAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));

        // A silo dies: the grains it held move; map viewers on both nodes see vehicles again within 10 s.
        var since = load.MapMark();
        silos[0].Kill();
        cluster.Log("killed silo 1");
        await load.MapViewersSeeVehiclesAsync(since, MapPatience, "after the silo was killed");
        await Task.Delay(TimeSpan.FromSeconds(4));

        // A web node dies: its clients reconnect to the other one and catch up.
        var dead = webs[0]!;
        webs[0] = null;
        dead.Kill();
        cluster.Log("killed web node 1");
        since = load.MapMark();
        await load.ReconnectAsync(webs, dead);
        await load.MapViewersSeeVehiclesAsync(since, MapPatience, "after the web node was killed");
        await Task.Delay(TimeSpan.FromSeconds(3));

        // Both come back.
        var restarted = await Task.WhenAll(NodeProcess.StartSiloAsync(cluster.Settings(web: false)), NodeProcess.StartAsync(cluster.Settings(web: true)));
        silos[0] = restarted[0];
        webs[0] = restarted[1];
        await cluster.ThreeSilosActiveAsync("the restarted silo to become active");
        cluster.Log("silo 1 and web node 1 restarted");
        await Task.Delay(TimeSpan.FromSeconds(3));

        await load.StopAsync(running);
        cluster.Log("load stopped");
        await load.VerifyAsync(webs);
        cluster.Log("verified");
    }

    /// <summary>
    /// An upgrade as operations.md describes it: every silo, then every web node, stopped gracefully (SIGTERM) and
    /// replaced, one at a time, under the same mixed load. A stopped silo hands its grains over; a stopped web node
    /// closes its connections with "reconnect allowed" and its clients move to the other node and catch up.
    /// </summary>
    [Fact]
    public async Task A_rolling_restart_of_every_silo_and_web_node_under_mixed_load_loses_no_acknowledged_order_message_or_ping()
    {
        await using var cluster = await Cluster.StartAsync(output);
        var (silos, webs, load) = (cluster.Silos, cluster.Webs, cluster.Load);
        var running = load.RunAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));

        for (var i = 0; i < silos.Count; i++)
        {
            var since = load.MapMark();
            var stopping = Stopwatch.StartNew();
            await silos[i].StopAsync();
            cluster.Log($"stopped silo {i + 1} in {stopping.Elapsed.TotalSeconds:0.0} s");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(25), $"silo {i + 1} took {stopping.Elapsed.TotalSeconds:0.0} s to stop:\n{silos[i].RecentOutput}");
            silos[i] = await NodeProcess.StartSiloAsync(cluster.Settings(web: false));
            await cluster.ThreeSilosActiveAsync($"silo {i + 1}'s replacement to become active");
            cluster.Log($"silo {i + 1} replaced");
            await load.MapViewersSeeVehiclesAsync(since, MapPatience, $"after silo {i + 1} was replaced");
        }

        for (var i = 0; i < webs.Length; i++)
        {
            var old = webs[i]!;
            webs[i] = null; // the balancer stops sending to it
            var stopping = old.StopAsync();
            await load.ReconnectAsync(webs, old);
            await stopping;
            cluster.Log($"stopped web node {i + 1}");
            var since = load.MapMark();
            webs[i] = await NodeProcess.StartAsync(cluster.Settings(web: true));
            cluster.Log($"web node {i + 1} replaced");
            await load.MapViewersSeeVehiclesAsync(since, MapPatience, $"after web node {i + 1} was replaced");
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await load.StopAsync(running);
        cluster.Log("load stopped");
        await load.VerifyAsync(webs);
        cluster.Log("verified");
    }

    /// <summary>Three standalone silos and two client-mode web nodes on one database, with the load prepared.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ITestOutputHelper _output;
        private readonly string _database;
        private readonly string _clusterId = $"test-{Guid.NewGuid():N}";

        private Cluster(ITestOutputHelper output, string database)
        {
            _output = output;
            _database = database;
            Load = new Load(output);
        }

        public List<NodeProcess> Silos { get; } = [];

        public NodeProcess?[] Webs { get; } = new NodeProcess?[2];

        public Load Load { get; }

        public static async Task<Cluster> StartAsync(ITestOutputHelper output)
        {
            var cluster = new Cluster(output, await TestPostgres.CreateMigratedDatabaseAsync("faults"));
            try
            {
                cluster.Silos.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => NodeProcess.StartSiloAsync(cluster.Settings(web: false)))));
                await cluster.ThreeSilosActiveAsync("three silos to become active");
                var started = await Task.WhenAll(NodeProcess.StartAsync(cluster.Settings(web: true)), NodeProcess.StartAsync(cluster.Settings(web: true)));
                (cluster.Webs[0], cluster.Webs[1]) = (started[0], started[1]);
                cluster.Log("cluster up: 3 silos, 2 web nodes");
                cluster.Load.Silos = cluster.Silos;
                await cluster.Load.PrepareAsync(cluster.Webs);
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        public Dictionary<string, string?> Settings(bool web)
        {
            var settings = TestNode.BaseSettings();
            settings["ConnectionStrings:OmniBiz"] = _database;
            settings["OmniBiz:Cluster:Mode"] = "AdoNet";
            settings["OmniBiz:Cluster:ClusterId"] = _clusterId;
            settings["OmniBiz:Cluster:Membership:ProbeTimeout"] = "00:00:01";
            settings["OmniBiz:Cluster:Membership:NumMissedProbesLimit"] = "2";
            settings["OmniBiz:Cluster:Membership:NumVotesForDeathDeclaration"] = "1";
            settings["OmniBiz:Cluster:Membership:TableRefreshTimeout"] = "00:00:02";
            settings["Logging:LogLevel:OmniBiz"] = "Information";
            settings["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware"] = "Error";
            if (web)
            {
                settings["OmniBiz:Cluster:CoHostSilo"] = "false";
            }

            return settings;
        }

        public void Log(string what) => _output.WriteLine($"{_clock.Elapsed:mm\\:ss} {what}");

        public Task ThreeSilosActiveAsync(string what) =>
            Eventually.UntilAsync(ActiveSilosAsync, n => n == 3, TimeSpan.FromSeconds(90), what);

        private async Task<long> ActiveSilosAsync()
        {
            await using var connection = new NpgsqlConnection(_database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = 3", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync()
        {
            await Load.DisposeAsync();
            foreach (var node in Webs.Concat(Silos))
            {
                if (node is not null)
                {
                    await node.DisposeAsync();
                }
            }
        }
    }

    /// <summary>A signed-in caller that sends each request to a live web node, resending what failed in transit.</summary>
    private sealed class Caller(string token, string userId, NodeProcess?[] webs) : IDisposable
    {
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };
        private int _turn;

        public string Token => token;

        public string UserId => userId;

        public ConcurrentDictionary<int, int> Statuses { get; } = new();

        /// <summary>
        /// Sends until the answer is final: a node that is gone, a 503 or a timeout is tried again (on the next live
        /// node) with the same request, so the same idempotency key or client message id. Answers the final status.
        /// </summary>
        public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var node = Live();
                try
                {
                    using var request = new HttpRequestMessage(method, new Uri(node.Address, path));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    if (idempotencyKey is not null)
                    {
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                    }

                    if (body is not null)
                    {
                        request.Content = JsonContent.Create(body);
                    }

                    using var response = await _http.SendAsync(request);
                    Statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    {
                        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(90))
                {
                    throw new TimeoutException($"{method} {path} found no node to answer it within 90 s");
                }

                Interlocked.Increment(ref _turn);
                await Task.Delay(200);
            }
        }

        public NodeProcess Live()
        {
            for (var i = 0; i < webs.Length; i++)
            {
                if (webs[(Volatile.Read(ref _turn) + i) % webs.Length] is { } node)
                {
                    return node;
                }
            }

            throw new InvalidOperationException("no web node is running");
        }

        /// <summary>A hub connection of this caller to a live node (a browser tab).</summary>
        public async Task<HubConnection> ConnectAsync(NodeProcess node)
        {
            var api = node.Client().As(token, userId);
            return await api.ConnectAsync();
        }

        public void Dispose() => _http.Dispose();
    }

    /// <summary>
    /// One member's tab, as the dashboard keeps a conversation: the messages it holds by seq. A live message that is
    /// not the next seq, a <c>resync</c> of the conversation's topic, and a reconnect each make it fetch what it is
    /// missing after the last seq it holds in a row.
    /// </summary>
    private sealed class Member(Caller caller, string conversationId)
    {
        private readonly object _gate = new();
        private readonly SortedSet<long> _held = [];
        private readonly SemaphoreSlim _fetching = new(1, 1);
        private HubConnection? _tab;
        private long _lastLive;

        public Caller Caller => caller;

        /// <summary>Live messages that arrived after a later one on the same connection (must stay 0).</summary>
        public int OutOfOrder { get; private set; }

        /// <summary>Live messages that skipped seqs, which the tab then fetched.</summary>
        public int Gaps { get; private set; }

        public int Resyncs { get; private set; }

        public int Live { get; private set; }

        /// <summary>The web node the tab is connected to.</summary>
        public NodeProcess? Node { get; private set; }

        public async Task ConnectAsync(NodeProcess node)
        {
            if (_tab is not null)
            {
                await _tab.DisposeAsync();
            }

            _tab = await caller.ConnectAsync(node);
            Node = node;
            _lastLive = 0;
            _tab.On<JsonElement>("message_received", m =>
            {
                if (m.GetProperty("conversationId").GetString() != conversationId)
                {
                    return;
                }

                var seq = m.GetProperty("seq").GetInt64();
                bool gap;
                lock (_gate)
                {
                    Live++;
                    if (seq <= _lastLive)
                    {
                        OutOfOrder++;
                    }

                    _lastLive = seq;
                    gap = seq > Contiguous() + 1;
                    _held.Add(seq);
                }

                if (gap)
                {
                    Gaps++;
                    _ = CatchUpAsync();
                }
            });
            _tab.On<JsonElement>("resync", r =>
            {
                if (r.GetProperty("topic").GetString() == $"conversation:{conversationId}")
                {
                    Resyncs++;
                    _ = CatchUpAsync();
                }
            });

            // After (re)connecting a client fetches what it missed.
            await CatchUpAsync();
        }

        /// <summary>The last seq held with every seq before it.</summary>
        private long Contiguous()
        {
            long last = 0;
            foreach (var seq in _held)
            {
                if (seq != last + 1)
                {
                    break;
                }

                last = seq;
            }

            return last;
        }

        public async Task CatchUpAsync()
        {
            await _fetching.WaitAsync();
            try
            {
                while (true)
                {
                    long after;
                    lock (_gate)
                    {
                        after = Contiguous();
                    }

                    var (status, page) = await caller.SendAsync(HttpMethod.Get, $"/api/messages/conversations/{conversationId}/messages?afterSeq={after}&limit=200");
                    Assert.Equal(HttpStatusCode.OK, status);
                    var seqs = page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
                    lock (_gate)
                    {
                        _held.UnionWith(seqs);
                    }

                    if (seqs.Count < 200)
                    {
                        return;
                    }
                }
            }
            finally
            {
                _fetching.Release();
            }
        }

        public IReadOnlyList<long> Seen
        {
            get
            {
                lock (_gate)
                {
                    return [.. _held];
                }
            }
        }

        public async Task DisposeAsync()
        {
            if (_tab is not null)
            {
                await _tab.DisposeAsync();
            }
        }
    }

    /// <summary>The mixed load and what it was told: acknowledged orders, messages and pings.</summary>
    private sealed class Load(ITestOutputHelper output) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Caller> _shoppers = [];
        private readonly List<string> _products = [];
        private readonly ConcurrentDictionary<string, (string ProductId, int Quantity)> _orders = new();
        private readonly ConcurrentDictionary<string, long> _messages = new();
        private readonly ConcurrentBag<DateTimeOffset> _pings = [];
        private readonly List<(HubConnection Tab, ConcurrentQueue<long> Moves, NodeProcess Node)> _viewers = [];
        private Caller _admin = null!;
        private Caller _device = null!;
        private Member _alice = null!;
        private Member _bob = null!;
        private string _conversationId = "";
        private string _vehicleId = "";
        private NodeProcess?[] _webs = [];

        public List<NodeProcess> Silos { get; set; } = [];
        private DateTimeOffset _lastPingAcknowledged;

        public async Task PrepareAsync(NodeProcess?[] webs)
        {
            _webs = webs;
            using var adminApi = await webs[0]!.Client().LoginAsAdminAsync();
            _admin = new Caller(adminApi.Token!, adminApi.UserId!, webs);
            for (var i = 0; i < 5; i++)
            {
                _products.Add(await adminApi.CreateProductAsync(stock: InitialStock, price: 2m, name: $"Fault product {i}"));
            }

            for (var i = 0; i < 3; i++)
            {
                using var shopper = await webs[i % 2]!.Client().RegisterAsync();
                _shoppers.Add(new Caller(shopper.Token!, shopper.UserId!, webs));
            }

            using var aliceApi = await webs[0]!.Client().RegisterAsync();
            using var bobApi = await webs[1]!.Client().RegisterAsync();
            var (_, conversation, _) = await aliceApi.PostAsync("/api/messages/conversations", new { type = "direct", memberIds = new[] { bobApi.UserId } });
            _conversationId = conversation.GetProperty("id").GetString()!;
            _alice = new Member(new Caller(aliceApi.Token!, aliceApi.UserId!, webs), _conversationId);
            _bob = new Member(new Caller(bobApi.Token!, bobApi.UserId!, webs), _conversationId);
            await _alice.ConnectAsync(webs[0]!);
            await _bob.ConnectAsync(webs[1]!);

            var (_, vehicle, _) = await adminApi.PostAsync("/api/fleet/vehicles", new { name = "Fault van", plate = "FT-01" });
            _vehicleId = vehicle.GetProperty("id").GetString()!;
            var token = (await adminApi.PostAsync($"/api/fleet/vehicles/{_vehicleId}/device-token", new { })).Body.GetProperty("token").GetString()!;
            _device = new Caller(token, $"device:{_vehicleId}", webs);

            foreach (var node in webs)
            {
                await AddViewerAsync(node!);
            }
        }

        private async Task AddViewerAsync(NodeProcess node)
        {
            var tab = await _admin.ConnectAsync(node);
            var moves = new ConcurrentQueue<long>();
            var vehicleId = _vehicleId;
            tab.On<JsonElement>("vehicles_moved", batch =>
            {
                if (batch.EnumerateArray().Any(v => v.GetProperty("vehicleId").GetString() == vehicleId))
                {
                    moves.Enqueue(Stopwatch.GetTimestamp());
                }
            });
            await tab.InvokeAsync("JoinMaps");
            lock (_viewers)
            {
                _viewers.Add((tab, moves, node));
            }
        }

        public Task RunAsync()
        {
            var workers = _shoppers.Select(ShopAsync).ToList();
            workers.Add(ChatAsync());
            workers.Add(PingAsync());
            return Task.WhenAll(workers);
        }

        private async Task ShopAsync(Caller shopper, int index)
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var productId = _products[(index + i) % _products.Count];
                var quantity = 1 + (i % 3);
                var key = $"fault-{shopper.UserId}-{i}";
                var (status, order) = await shopper.SendAsync(HttpMethod.Post, "/api/orders",
                    new { shippingAddress = "1 Fault Street", items = new[] { new { productId, quantity } } }, key);
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"checkout {key}: {status} {order}");
                _orders[order.GetProperty("id").GetString()!] = (productId, quantity);
            }
        }

        private async Task ChatAsync()
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var sender = i % 2 == 0 ? _alice : _bob;
                var clientMessageId = $"fault-{i}";
                var (status, message) = await sender.Caller.SendAsync(HttpMethod.Post, "/api/messages/send",
                    new { conversationId = _conversationId, text = $"message {i}", clientMessageId });
                if (status != HttpStatusCode.Created)
                {
                    Assert.Fail($"send {clientMessageId}: {status} {message}\n{NodesOutput()}");
                }

                _messages[clientMessageId] = message.GetProperty("seq").GetInt64();
            }
        }

        private async Task PingAsync()
        {
            var now = DateTimeOffset.UtcNow;
            var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddMinutes(-10);
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                // A tenth of a second apart: ten minutes of pings stay in the past (a ping from the future is refused).
                var recordedAt = start.AddMilliseconds(i * 100);
                var ping = new { pings = new[] { new { lat = 52.0 + (i * 0.0001), lng = 4.9, recordedAt } } };
                var (status, body) = await _device.SendAsync(HttpMethod.Post, "/api/fleet/pings", ping);
                Assert.True(status == HttpStatusCode.Accepted && body.GetProperty("accepted").GetInt32() == 1, $"ping {i}: {status} {body}");
                _pings.Add(recordedAt);
                _lastPingAcknowledged = DateTimeOffset.UtcNow;
                await Task.Delay(20);
            }
        }

        public long MapMark() => Stopwatch.GetTimestamp();

        /// <summary>
        /// What the nodes printed last, for a failure message. Copied first: the test replaces nodes in these lists while
        /// the load runs, and enumerating a list as it changes throws.
        /// </summary>
        private string NodesOutput() =>
            "nodes' recent output:\n" + string.Join("\n---\n", _webs.ToArray().Concat(Silos.ToArray()).Where(w => w is not null).Select(w => w!.RecentOutput));

        /// <summary>Every current map viewer receives a move of the vehicle made after <paramref name="since"/>, within the patience.</summary>
        public async Task MapViewersSeeVehiclesAsync(long since, TimeSpan patience, string when)
        {
            List<(HubConnection Tab, ConcurrentQueue<long> Moves, NodeProcess Node)> viewers;
            lock (_viewers)
            {
                viewers = [.. _viewers];
            }

            var deadline = Stopwatch.StartNew();
            while (!viewers.All(v => v.Moves.Any(t => t > since)))
            {
                if (deadline.Elapsed >= patience)
                {
                    Assert.Fail($"a map viewer saw no vehicle move within {patience.TotalSeconds} s {when}: " +
                    $"{_pings.Count} pings acknowledged, the last {DateTimeOffset.UtcNow - _lastPingAcknowledged} ago; viewers' last moves " +
                    string.Join(", ", viewers.Select(v => v.Moves.IsEmpty ? "none" : $"{Stopwatch.GetElapsedTime(v.Moves.Max()).TotalSeconds:0.0} s ago ({v.Tab.State})")) +
                    "\n" + NodesOutput());
                }

                await Task.Delay(100);
            }

            output.WriteLine($"map viewers saw the vehicle again {Stopwatch.GetElapsedTime(since).TotalSeconds:0.0} s {when}");
        }

        /// <summary>
        /// Tabs of a node that died or was stopped reconnect to a live node (as the dashboard does) and catch up. A
        /// tab's connection must first be closed by the node's end (a stopped node closes it itself).
        /// </summary>
        public async Task ReconnectAsync(NodeProcess?[] webs, NodeProcess gone)
        {
            var live = webs.First(w => w is not null && w != gone)!;
            foreach (var member in new[] { _alice, _bob }.Where(m => m.Node == gone))
            {
                await member.ConnectAsync(live);
            }

            List<(HubConnection Tab, ConcurrentQueue<long> Moves, NodeProcess Node)> leaving;
            lock (_viewers)
            {
                leaving = _viewers.Where(v => v.Node == gone).ToList();
            }

            var closing = Stopwatch.StartNew();
            while (leaving.Any(v => v.Tab.State == HubConnectionState.Connected))
            {
                Assert.True(closing.Elapsed < TimeSpan.FromSeconds(30), "a map tab of the node that went away did not close");
                await Task.Delay(100);
            }

            foreach (var viewer in leaving)
            {
                lock (_viewers)
                {
                    _viewers.Remove(viewer);
                }

                await viewer.Tab.DisposeAsync();
                await AddViewerAsync(live);
            }
        }

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(120));
        }

        public async Task VerifyAsync(NodeProcess?[] webs)
        {
            // Orders: every acknowledged one exists as acknowledged; stock is what was sold.
            foreach (var (orderId, (productId, quantity)) in _orders)
            {
                var (status, order) = await _admin.SendAsync(HttpMethod.Get, $"/api/orders/{orderId}");
                Assert.True(status == HttpStatusCode.OK, $"order {orderId}: {status}");
                var line = order.GetProperty("items").EnumerateArray().Single();
                Assert.Equal(productId, line.GetProperty("productId").GetString());
                Assert.Equal(quantity, line.GetProperty("quantity").GetInt32());
            }

            foreach (var productId in _products)
            {
                var sold = _orders.Values.Where(o => o.ProductId == productId).Sum(o => o.Quantity);
                var (_, product) = await _admin.SendAsync(HttpMethod.Get, $"/api/products/{productId}");
                Assert.Equal(InitialStock - sold, product.GetProperty("stock").GetInt32());
            }

            // Messages: the history is 1..N without a gap, each acknowledged message once at the seq it was given.
            var history = new List<(long Seq, string ClientMessageId)>();
            long after = 0;
            while (true)
            {
                var (_, page) = await _alice.Caller.SendAsync(HttpMethod.Get, $"/api/messages/conversations/{_conversationId}/messages?afterSeq={after}&limit=200");
                var items = page.GetProperty("items").EnumerateArray().Select(m => (m.GetProperty("seq").GetInt64(), m.GetProperty("clientMessageId").GetString()!)).ToList();
                history.AddRange(items);
                if (items.Count < 200)
                {
                    break;
                }

                after = items[^1].Item1;
            }

            var gaps = history.Where((h, i) => h.Seq != i + 1).Take(3).ToList();
            if (gaps.Count > 0)
            {
                output.WriteLine($"history around the first gap: {string.Join(", ", history.Where(h => Math.Abs(h.Seq - gaps[0].Seq) < 4).Select(h => $"{h.Seq}:{h.ClientMessageId}"))}");
                output.WriteLine($"acknowledged around it: {string.Join(", ", _messages.Where(m => Math.Abs(m.Value - gaps[0].Seq) < 4).OrderBy(m => m.Value).Select(m => $"{m.Value}:{m.Key}"))}");
            }

            Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(h => h.Seq));
            Assert.Equal(history.Count, history.Select(h => h.ClientMessageId).Distinct().Count());
            foreach (var (clientMessageId, seq) in _messages)
            {
                Assert.Contains((seq, clientMessageId), history);
            }

            // Every member has every message once and in order after catching up; live messages never arrived out of order.
            foreach (var member in new[] { _alice, _bob })
            {
                await member.CatchUpAsync();
                Assert.Equal(history.Select(h => h.Seq), member.Seen);
                Assert.Equal(0, member.OutOfOrder);
            }

            // Pings: every acknowledged one is in the vehicle's trail, once.
            var from = _pings.Min().AddSeconds(-1);
            var (_, trail) = await _admin.SendAsync(HttpMethod.Get,
                $"/api/fleet/vehicles/{_vehicleId}/trail?from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(_pings.Max().AddSeconds(1).ToString("O", CultureInfo.InvariantCulture))}");
            var points = trail.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("recordedAt").GetDateTimeOffset()).ToList();
            Assert.Equal(points.Count, points.Distinct().Count());
            var missing = _pings.Where(p => !points.Contains(p)).ToList();

            var statuses = new[] { _admin, _device, _alice.Caller, _bob.Caller }.Concat(_shoppers).SelectMany(c => c.Statuses)
                .GroupBy(s => s.Key).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))} × {g.Sum(s => s.Value)}");
            output.WriteLine($"orders: acknowledged {_orders.Count}, found {_orders.Count} (stock consistent for {_products.Count} products)");
            output.WriteLine($"messages: acknowledged {_messages.Count}, stored {history.Count}; " + string.Join("; ", new[] { ("alice", _alice), ("bob", _bob) }.Select(m =>
                $"{m.Item1} holds {m.Item2.Seen.Count} ({m.Item2.Live} live, {m.Item2.Gaps} gaps and {m.Item2.Resyncs} resyncs fetched, {m.Item2.OutOfOrder} out of order)")));
            output.WriteLine($"pings: acknowledged {_pings.Count}, in the trail {points.Count}, missing {missing.Count}");
            output.WriteLine($"answers seen by clients: {string.Join(", ", statuses)}");
            Assert.Empty(missing);
            Assert.DoesNotContain(new[] { _admin, _device, _alice.Caller, _bob.Caller }.Concat(_shoppers).SelectMany(c => c.Statuses.Keys), s => s >= 500 && s != 503);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            foreach (var member in new[] { _alice, _bob })
            {
                if (member is not null)
                {
                    await member.DisposeAsync();
                }
            }

            foreach (var (tab, _, _) in _viewers)
            {
                await tab.DisposeAsync();
            }

            foreach (var caller in _shoppers.Append(_admin).Append(_device))
            {
                caller?.Dispose();
            }

            _stop.Dispose();
        }
    }
}
