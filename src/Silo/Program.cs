using Microsoft.Extensions.Hosting;
using OmniBiz.Silo.Hosting;

// A standalone silo: joins the cluster named by OmniBiz:Cluster (AdoNet mode for more than one node).
return await StartupFailure.RunAsync(async () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    var database = builder.AddOmniBizDatabase();
    builder.AddOmniBizSilo(database);
    builder.AddOmniBizTelemetry();
    await builder.Build().RunAsync();
});
