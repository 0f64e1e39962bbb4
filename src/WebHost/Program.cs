using OmniBiz.Silo.Hosting;
using OmniBiz.WebHost.Hosting;

return await StartupFailure.RunAsync(() => OmniBizApp.Build(args).RunAsync());
