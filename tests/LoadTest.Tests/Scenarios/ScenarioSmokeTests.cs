using OmniBiz.LoadTest.Common;
using OmniBiz.LoadTest.Reporting;
using OmniBiz.LoadTest.Scenarios;
using OmniBiz.LoadTest.Tests.Common;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.LoadTest.Tests.Scenarios;

/// <summary>A short run of each scenario against a real node keeps the harness working as the server changes.</summary>
[Collection(NodeCollection.Name)]
public sealed class ScenarioSmokeTests(NodeFixture fixture)
{
    [Fact]
    public async Task Checkout_places_orders_and_finds_nothing_oversold()
    {
        var report = await RunAsync(new CheckoutScenario(shoppers: 4, products: 3, stockPerProduct: 10_000, maxQuantity: 3));

        Assert.True(report.Counters.GetValueOrDefault("orders") > 0, report.ToTable());
        Assert.Contains(report.Operations, o => o.Name == "checkout" && o.Count > 0);
    }

    [Fact]
    public async Task A_race_for_scarce_stock_is_measured_until_it_is_sold_out()
    {
        var scenario = new CheckoutScenario(shoppers: 8, products: 2, stockPerProduct: 6, maxQuantity: 2, hotProducts: 2);
        var report = await RunAsync(scenario, seconds: 60);

        Assert.True(scenario.SoldOut, report.ToTable());
        Assert.True(report.MeasuredSeconds < 50, $"the run went on after the stock was gone: {report.ToTable()}");
        Assert.Empty(report.Violations); // stock fell by exactly what was bought: every unit, nothing oversold
    }

    [Fact]
    public async Task Fleet_posts_pings_and_map_viewers_see_them()
    {
        var report = await RunAsync(new FleetScenario(devices: 5, ratePerDevice: 5, batchSize: 1, viewers: 2));

        Assert.True(report.Counters.GetValueOrDefault("pings_accepted") > 0, report.ToTable());
        Assert.True(report.Counters.GetValueOrDefault("map_positions") > 0, report.ToTable());
        Assert.Contains(report.Operations, o => o.Name == "map_staleness" && o.Count > 0);
    }

    [Fact]
    public async Task Fleet_in_batches_counts_every_ping()
    {
        var report = await RunAsync(new FleetScenario(devices: 3, ratePerDevice: 50, batchSize: 10, viewers: 0));

        Assert.True(report.Counters.GetValueOrDefault("pings_accepted") >= 10, report.ToTable());
        Assert.Contains(report.Operations, o => o.Name == "ping_batch" && o.Count > 0);
    }

    [Fact]
    public async Task Chat_delivers_every_message_to_every_member_once_in_order()
    {
        var report = await RunAsync(new ChatScenario(conversations: 3, members: 3, messagesPerSecond: 30));

        Assert.True(report.Counters.GetValueOrDefault("messages_sent") > 0, report.ToTable());
        Assert.Equal(0, report.Counters["lost"]);
        Assert.Equal(0, report.Counters["duplicated"]);
        Assert.Equal(0, report.Counters["out_of_order"]);
        Assert.True(report.Counters["deliveries"] >= report.Counters["messages_sent"] * 3, report.ToTable());
    }

    [Fact]
    public async Task Connections_are_held_measured_and_caught_up_after_a_reconnect_storm()
    {
        var report = await RunAsync(new ConnectionsScenario(connections: 60, users: 6, hold: TimeSpan.FromSeconds(1), storms: true), seconds: 4);

        Assert.Equal(60, report.Counters["connected"]);
        Assert.Equal(0, report.Counters["not_caught_up"]);
        Assert.True(report.Counters.GetValueOrDefault("storms") >= 1, report.ToTable());
        Assert.True(report.Counters.ContainsKey("server_heap_bytes_per_connection"), report.ToTable());
        Assert.Contains(report.Operations, o => o.Name == "storm_caught_up" && o.Count > 0);
    }

    [Fact]
    public async Task Sessions_seat_exactly_the_capacity_and_relay_every_signal_to_its_target()
    {
        var report = await RunAsync(new SessionsScenario(sessions: 2, participants: 6, capacity: 5, peers: 2, signalsPerSecond: 20));

        Assert.Equal(10, report.Counters["admitted"]);
        Assert.Equal(2, report.Counters["refused_full"]);
        Assert.True(report.Counters.GetValueOrDefault("signals_received") > 0, report.ToTable());
        Assert.Equal(0, report.Counters["lost"]);
        Assert.Contains(report.Operations, o => o.Name == "signal_relay" && o.Count > 0);
        Assert.Contains(report.Operations, o => o.Name == "join" && o.Count == 10);
    }

    [Fact]
    public async Task Mixed_runs_every_kind_of_traffic_at_once()
    {
        var report = await RunAsync(new MixedScenario(
        [
            new CheckoutScenario(2, 2, 1_000, 2),
            new FleetScenario(4, 2, 1, 1),
            new ChatScenario(2, 3, 10),
            new PurchasingScenario(1, 2),
            new ConnectionsScenario(20, 4, Timeout.InfiniteTimeSpan, storms: false),
        ]), seconds: 4);

        foreach (var operation in new[] { "checkout", "ping", "delivery", "connect", "po_receipt", "po_receipt_retry", "po_payment" })
        {
            Assert.Contains(report.Operations, o => o.Name == operation && o.Count > 0);
        }

        Assert.Equal(0, report.Counters["lost"]);
        // The idle dashboards stay connected for the whole run: 20 of them, 6 chat members and a map viewer.
        Assert.True(report.ServerAfter?.Connections >= 27, report.ToTable());
    }

    private async Task<RunReport> RunAsync(IScenario scenario, int seconds = 3)
    {
        using var output = new StringWriter();
        var (exitCode, report) = await Runner.RunAsync(scenario, SmokeOptions.For(fixture.Node.Address, seconds), output);
        Assert.True(exitCode == 0, output.ToString());
        Assert.True(report.Errors.Count == 0, output.ToString());
        return report;
    }
}
