using OmniBiz.LoadTest.Scenarios;

namespace OmniBiz.LoadTest.Tests.Scenarios;

/// <summary>Pure logic: how shoppers pick products, evenly or mostly among the hot ones.</summary>
public sealed class CheckoutPickTests
{
    [Fact]
    public void With_hot_products_nine_picks_in_ten_go_to_them()
    {
        var random = new Random(7);
        var picks = Enumerable.Range(0, 20_000).Select(_ => CheckoutScenario.Pick(random, 100, 5)).ToList();

        var hotShare = picks.Count(p => p < 5) / (double)picks.Count;
        Assert.InRange(hotShare, 0.89, 0.92); // 90 % directly, plus the 5 % of the even picks that land on them
        Assert.Contains(picks, p => p >= 5);
        Assert.All(picks, p => Assert.InRange(p, 0, 99));
    }

    [Fact]
    public void Without_hot_products_picks_spread_evenly()
    {
        var random = new Random(7);
        var picks = Enumerable.Range(0, 20_000).Select(_ => CheckoutScenario.Pick(random, 100, 0)).ToList();

        Assert.InRange(picks.Count(p => p < 5) / (double)picks.Count, 0.04, 0.06);
    }
}
