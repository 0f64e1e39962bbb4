using OmniBiz.WebHost.Hosting;

await OmniBizApp.Build(args).RunAsync();
