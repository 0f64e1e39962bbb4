using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using OmniBiz.Dashboard;
using OmniBiz.Dashboard.Services;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddScoped<AuthState>();
builder.Services.AddScoped<Api>();
builder.Services.AddScoped<Toasts>();
builder.Services.AddScoped<LiveHub>();
builder.Services.AddScoped<CartState>();
builder.Services.AddScoped<Names>();
var host = builder.Build();
await host.Services.GetRequiredService<AuthState>().LoadAsync();
await host.RunAsync();
