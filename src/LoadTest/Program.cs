using System.CommandLine;
using OmniBiz.LoadTest.Common;
using OmniBiz.LoadTest.Scenarios;

// dotnet run --project src/LoadTest -- <scenario> [options]; `--help` on any scenario lists its options.
var urls = new Option<string[]>("--url") { Description = "Node(s) to drive; clients are spread across them.", DefaultValueFactory = _ => ["http://localhost:5000"], AllowMultipleArgumentsPerToken = true };
var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 30 };
var warmup = new Option<int>("--warmup") { Description = "Seconds of load before measuring.", DefaultValueFactory = _ => 5 };
var adminEmail = new Option<string>("--admin-email") { Description = "An admin the server was started with (OmniBiz__Admin__Email).", DefaultValueFactory = _ => "admin@example.com" };
var adminPassword = new Option<string>("--admin-password") { Description = "That admin's password (OmniBiz__Admin__Password).", DefaultValueFactory = _ => "admin-password-1" };
var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file." };
var quiet = new Option<bool>("--quiet") { Description = "No progress lines." };

HarnessOptions Common(ParseResult r) => new(
    [.. r.GetValue(urls)!.Select(u => new Uri(u))],
    TimeSpan.FromSeconds(r.GetValue(duration)),
    TimeSpan.FromSeconds(r.GetValue(warmup)),
    r.GetValue(adminEmail)!,
    r.GetValue(adminPassword)!,
    r.GetValue(json),
    r.GetValue(quiet));

Command WithCommonOptions(Command command)
{
    foreach (var option in new Option[] { urls, duration, warmup, adminEmail, adminPassword, json, quiet })
    {
        command.Options.Add(option);
    }

    return command;
}

var shoppers = new Option<int>("--shoppers") { Description = "Concurrent shoppers.", DefaultValueFactory = _ => 50 };
var products = new Option<int>("--products") { Description = "Products to buy from.", DefaultValueFactory = _ => 20 };
var stock = new Option<int>("--stock") { Description = "Opening stock of each product (small values make shoppers race for it).", DefaultValueFactory = _ => 1_000_000 };
var maxQuantity = new Option<int>("--max-quantity") { Description = "Each order buys 1 to this many.", DefaultValueFactory = _ => 3 };
var checkout = WithCommonOptions(new Command("checkout", "Shoppers fill carts and check out; verifies nothing is oversold.") { shoppers, products, stock, maxQuantity });
checkout.SetAction(async (r, ct) => (await Runner.RunAsync(
    new CheckoutScenario(r.GetValue(shoppers), r.GetValue(products), r.GetValue(stock), r.GetValue(maxQuantity)), Common(r), Console.Out, ct)).ExitCode);

var devices = new Option<int>("--devices") { Description = "Simulated vehicles, each with its own device token.", DefaultValueFactory = _ => 100 };
var rate = new Option<double>("--rate") { Description = "Pings per second per device; 0 sends as fast as answers come back.", DefaultValueFactory = _ => 1 };
var batch = new Option<int>("--batch") { Description = "Pings per request (1 to 500).", DefaultValueFactory = _ => 1 };
var viewers = new Option<int>("--viewers") { Description = "Map viewers joined to maps, measuring staleness.", DefaultValueFactory = _ => 5 };
var fleet = WithCommonOptions(new Command("fleet", "Devices post GPS pings while map viewers watch vehicles_moved.") { devices, rate, batch, viewers });
fleet.SetAction(async (r, ct) => (await Runner.RunAsync(
    new FleetScenario(r.GetValue(devices), r.GetValue(rate), r.GetValue(batch), r.GetValue(viewers)), Common(r), Console.Out, ct)).ExitCode);

var conversations = new Option<int>("--conversations") { Description = "Group conversations.", DefaultValueFactory = _ => 500 };
var members = new Option<int>("--members") { Description = "Members per conversation, each connected.", DefaultValueFactory = _ => 10 };
var messages = new Option<double>("--messages-per-second") { Description = "Messages sent per second in total.", DefaultValueFactory = _ => 1000 };
var chat = WithCommonOptions(new Command("chat", "Members of group conversations send and receive messages; checks nothing is lost, doubled or reordered.") { conversations, members, messages });
chat.SetAction(async (r, ct) => (await Runner.RunAsync(
    new ChatScenario(r.GetValue(conversations), r.GetValue(members), r.GetValue(messages)), Common(r), Console.Out, ct)).ExitCode);

var root = new RootCommand("OmniBiz load harness: drives a running server over HTTP and SignalR and reports throughput, latency and broken invariants.")
{
    checkout,
    fleet,
    chat,
};
return await root.Parse(args).InvokeAsync();
