using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Cart;
using OmniBiz.WebHost.Catalog;
using OmniBiz.WebHost.Hosting;
using OmniBiz.WebHost.Identity;
using OmniBiz.WebHost.Realtime;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniBizNode();
builder.AddOmniBizAuth();
builder.AddOmniBizRealtime();
builder.AddOmniBizApi();

var app = builder.Build();
app.UseOmniBizPipeline();
app.MapIdentityApi();
app.MapCatalogApi();
app.MapCartApi();
app.MapRealtime();
app.MapRealtimeApi();
app.Run();

/// <summary>The web node's entry point (named so tests can start it in-process).</summary>
public partial class Program;
