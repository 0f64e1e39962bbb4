using OmniBiz.LoadTest.Reporting;

namespace OmniBiz.LoadTest.Tests.Reporting;

/// <summary>Pure logic: step means over a window come from the difference of two Prometheus scrapes.</summary>
public sealed class ServerStepsTests
{
    private const string Before = """
        # TYPE omnibiz_checkout_step_duration_milliseconds histogram
        omnibiz_checkout_step_duration_milliseconds_bucket{otel_scope_name="OmniBiz",step="reserve",le="5"} 3 1733280000000
        omnibiz_checkout_step_duration_milliseconds_sum{otel_scope_name="OmniBiz",step="reserve"} 100 1733280000000
        omnibiz_checkout_step_duration_milliseconds_count{otel_scope_name="OmniBiz",step="reserve"} 10 1733280000000
        omnibiz_checkout_step_duration_milliseconds_sum{otel_scope_name="OmniBiz",step="total"} 900 1733280000000
        omnibiz_checkout_step_duration_milliseconds_count{otel_scope_name="OmniBiz",step="total"} 10 1733280000000
        omnibiz_orders_placed_total{otel_scope_name="OmniBiz"} 10 1733280000000
        """;

    private const string After = """
        omnibiz_checkout_step_duration_milliseconds_sum{otel_scope_name="OmniBiz",step="reserve"} 400 1733280001000
        omnibiz_checkout_step_duration_milliseconds_count{otel_scope_name="OmniBiz",step="reserve"} 40 1733280001000
        omnibiz_checkout_step_duration_milliseconds_sum{otel_scope_name="OmniBiz",step="total"} 900 1733280001000
        omnibiz_checkout_step_duration_milliseconds_count{otel_scope_name="OmniBiz",step="total"} 10 1733280001000
        omnibiz_checkout_step_duration_milliseconds_sum{otel_scope_name="OmniBiz",step="write_ahead"} 2.5e1 1733280001000
        omnibiz_checkout_step_duration_milliseconds_count{otel_scope_name="OmniBiz",step="write_ahead"} 5 1733280001000
        """;

    [Fact]
    public void Each_step_s_mean_is_taken_over_the_window_and_idle_steps_are_left_out()
    {
        var steps = ServerSteps.Between(Before, After).ToDictionary(s => s.Step);

        Assert.Equal(["checkout/reserve", "checkout/write_ahead"], steps.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((30, 10.0), (steps["checkout/reserve"].Count, steps["checkout/reserve"].MeanMs));
        Assert.Equal((5, 5.0), (steps["checkout/write_ahead"].Count, steps["checkout/write_ahead"].MeanMs));
    }

    [Fact]
    public void A_scrape_without_step_series_gives_no_steps()
    {
        Assert.Empty(ServerSteps.Between("omnibiz_orders_placed_total 1\n", "omnibiz_orders_placed_total 2\n"));
    }
}
