using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Cart;
using OmniBiz.WebHost.Catalog;
using OmniBiz.WebHost.Fleet;
using OmniBiz.WebHost.Identity;
using OmniBiz.WebHost.Messaging;
using OmniBiz.WebHost.Orders;
using OmniBiz.WebHost.Purchasing;
using OmniBiz.WebHost.Realtime;
using OmniBiz.WebHost.Sessions;
using OmniBiz.WebHost.Support;

namespace OmniBiz.WebHost.Hosting;

/// <summary>The whole web node, composed in one place so tests start exactly what Program.cs starts.</summary>
public static class OmniBizApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddOmniBizNode();
        builder.AddOmniBizAuth();
        builder.AddOmniBizRealtime();
        builder.AddOmniBizApi();
        builder.AddOmniBizSessions();
        builder.AddOmniBizDashboard();
        builder.AddOmniBizObservability();

        var app = builder.Build();
        app.UseOmniBizPipeline();
        app.MapIdentityApi();
        app.MapCatalogApi();
        app.MapCartApi();
        app.MapOrdersApi();
        app.MapPurchasingApi();
        app.MapLocationsApi();
        app.MapFleetApi();
        app.MapDeliveriesApi();
        app.MapMessagesApi();
        app.MapSupportApi();
        app.MapSessionsApi();
        app.MapRealtime();
        app.MapRealtimeApi();
        app.MapOperationsApi();
        app.MapOmniBizObservability();
        app.MapOmniBizDashboard();
        return app;
    }
}
