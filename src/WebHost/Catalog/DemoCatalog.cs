using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.WebHost.Catalog;

/// <summary>
/// Loads a small demo catalog when <c>OmniBiz:Seed:DemoCatalog</c> is true, so a new user sees products on first run.
/// The products have fixed ids: seeding again (or from several nodes) creates nothing twice.
/// </summary>
public sealed partial class DemoCatalog(IGrainFactory grains, IConfiguration configuration, ILogger<DemoCatalog> logger) : IHostedService
{

    private static readonly (string Id, string Name, string Category, decimal Price, int Stock, string Description)[] Products =
    [
        ("demo-espresso-beans", "Espresso beans 1 kg", "coffee", 24.90m, 40, "Dark roast, whole beans, for espresso machines."),
        ("demo-filter-coffee", "Filter coffee 500 g", "coffee", 11.50m, 60, "Medium roast, ground for filter and pour-over."),
        ("demo-green-tea", "Green tea, 50 bags", "tea", 6.75m, 80, "Japanese sencha in biodegradable bags."),
        ("demo-oat-milk", "Oat milk 1 l", "dairy-free", 2.40m, 120, "Barista edition, foams well."),
        ("demo-ceramic-mug", "Ceramic mug", "kitchen", 9.00m, 35, "350 ml, dishwasher safe, matte white."),
        ("demo-travel-cup", "Insulated travel cup", "kitchen", 19.95m, 25, "Keeps drinks hot for six hours; leak-proof lid."),
        ("demo-grinder", "Burr coffee grinder", "equipment", 89.00m, 8, "Conical burrs, 30 grind settings."),
        ("demo-kettle", "Gooseneck kettle", "equipment", 54.50m, 12, "Temperature control from 40 to 100 °C."),
        ("demo-scale", "Brewing scale", "equipment", 29.90m, 15, "0.1 g precision with built-in timer."),
        ("demo-croissant", "Butter croissant", "bakery", 1.80m, 0, "Baked every morning; back in stock tomorrow."),
        ("demo-gift-card", "Gift card 50", "gifts", 50.00m, 500, "Redeemable in store and online."),
        ("demo-chocolate", "Dark chocolate 70%", "snacks", 3.20m, 90, "Single-origin, 100 g bar."),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetSection(SeedSettings.Section).Get<SeedSettings>()?.DemoCatalog != true)
        {
            return;
        }

        var created = 0;
        foreach (var (id, name, category, price, stock, description) in Products)
        {
            try
            {
                await grains.GetGrain<IProductGrain>(id).CreateAsync(new ProductDetails(name, description, category, price, null), stock, "seed");
                created++;
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.Conflict)
            {
                // Already there.
            }
        }

        LogSeeded(created, Products.Length - created);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo catalog: {Created} products created, {Existing} already there")]
    private partial void LogSeeded(int created, int existing);
}
