using System.CommandLine;
using OmniBiz.LoadTest.Baseline;
using OmniBiz.LoadTest.Common;
using OmniBiz.LoadTest.Scenarios;

// dotnet run --project src/LoadTest -- <scenario> [options]; `--help` on any scenario lists its options.
var urls = new Option<string[]>("--url") { Description = "Node(s) to drive; clients are spread across them.", DefaultValueFactory = _ => ["http://localhost:5000"], AllowMultipleArgumentsPerToken = true };
var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 30 };
var warmup = new Option<int>("--warmup") { Description = "Seconds of load before measuring.", DefaultValueFactory = _ => 5 };
var adminEmail = new Option<string>("--admin-email") { Description = "An admin the server was started with (OmniBiz__Admin__Email).", DefaultValueFactory = _ => "admin@example.com" };
var adminPassword = new Option<string>("--admin-password") { Description = "That admin's password (OmniBiz__Admin__Password).", DefaultValueFactory = _ => "admin-password-1" };
var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file." };
var compare = new Option<string?>("--compare") { Description = "A JSON file from another run (the baseline, an earlier build): print this run's figures as ratios to it." };
var quiet = new Option<bool>("--quiet") { Description = "No progress lines." };
var plantLostDelivery = new Option<bool>("--plant-lost-delivery") { Description = "Baseline only, for the harness's own tests: the server drops one member's copy of the first message.", Hidden = true };

HarnessOptions Common(ParseResult r) => new(
    [.. r.GetValue(urls)!.Select(u => new Uri(u))],
    TimeSpan.FromSeconds(r.GetValue(duration)),
    TimeSpan.FromSeconds(r.GetValue(warmup)),
    r.GetValue(adminEmail)!,
    r.GetValue(adminPassword)!,
    r.GetValue(json),
    r.GetValue(quiet),
    r.GetValue(compare));

// Each scenario is a command of its own; the baseline command holds the same ones, run against a bare server it starts.
Command Scenario(string name, string description, Option[] own, Func<ParseResult, IScenario> create, bool againstBaseline)
{
    var command = new Command(name, description);
    foreach (var option in own.Concat([urls, duration, warmup, adminEmail, adminPassword, json, compare, quiet]))
    {
        command.Options.Add(option);
    }

    if (againstBaseline)
    {
        command.Options.Remove(urls);
        command.Options.Add(plantLostDelivery);
    }

    command.SetAction(async (r, ct) =>
    {
        if (!againstBaseline)
        {
            return (await Runner.RunAsync(create(r), Common(r), Console.Out, ct)).ExitCode;
        }

        await using var server = await BaselineProcess.StartAsync(r.GetValue(plantLostDelivery), ct);
        return (await Runner.RunAsync(create(r), Common(r) with { Targets = [server.Address] }, Console.Out, ct)).ExitCode;
    });
    return command;
}

var shoppers = new Option<int>("--shoppers") { Description = "Concurrent shoppers.", DefaultValueFactory = _ => 50 };
var products = new Option<int>("--products") { Description = "Products to buy from.", DefaultValueFactory = _ => 20 };
var stock = new Option<int>("--stock") { Description = "Opening stock of each product (small values make shoppers race for it).", DefaultValueFactory = _ => 1_000_000 };
var maxQuantity = new Option<int>("--max-quantity") { Description = "Each order buys 1 to this many.", DefaultValueFactory = _ => 3 };
var hotProducts = new Option<int>("--hot-products") { Description = "That many products take nine orders in ten (0: orders spread evenly); with a small --stock they sell out under racing shoppers.", DefaultValueFactory = _ => 0 };
CheckoutScenario Checkout(ParseResult r) => new(r.GetValue(shoppers), r.GetValue(products), r.GetValue(stock), r.GetValue(maxQuantity), r.GetValue(hotProducts));

var devices = new Option<int>("--devices", "--vehicles") { Description = "Simulated vehicles, each with its own device token, posting its pings in order.", DefaultValueFactory = _ => 100 };
var rate = new Option<double>("--rate") { Description = "Pings per second per device; 0 sends as fast as answers come back.", DefaultValueFactory = _ => 1 };
var batch = new Option<int>("--batch") { Description = "Pings per request (1 to 500).", DefaultValueFactory = _ => 1 };
var viewers = new Option<int>("--viewers") { Description = "Map viewers joined to maps, measuring staleness.", DefaultValueFactory = _ => 5 };
FleetScenario Fleet(ParseResult r) => new(r.GetValue(devices), r.GetValue(rate), r.GetValue(batch), r.GetValue(viewers));

var conversations = new Option<int>("--conversations") { Description = "Group conversations.", DefaultValueFactory = _ => 500 };
var members = new Option<int>("--members") { Description = "Members per conversation, each connected.", DefaultValueFactory = _ => 10 };
var messages = new Option<double>("--messages-per-second", "--rate") { Description = "Messages sent per second in total.", DefaultValueFactory = _ => 1000 };
var chatPreset = new Option<string?>("--preset")
{
    Description = "A target point: " + string.Join("; ", ChatPreset.All.Select(p => $"{p.Name} ({p.Conversations} conversations of {p.Members}, {p.MessagesPerSecond:0} msg/s)")) +
        ". Options given explicitly win over the preset's.",
};
chatPreset.AcceptOnlyFromAmong([.. ChatPreset.All.Select(p => p.Name)]);
ChatScenario Chat(ParseResult r)
{
    var preset = ChatPreset.All.FirstOrDefault(p => p.Name == r.GetValue(chatPreset));
    T Pick<T>(Option<T> option, T? fromPreset) where T : struct =>
        preset is null || r.GetResult(option) is { Implicit: false } ? r.GetValue(option) : fromPreset ?? r.GetValue(option);
    return new(Pick(conversations, preset?.Conversations), Pick(members, preset?.Members), Pick(messages, preset?.MessagesPerSecond));
}

var connections = new Option<int>("--connections") { Description = "Idle hub connections to hold.", DefaultValueFactory = _ => 10_000 };
var users = new Option<int>("--users") { Description = "Users owning them (a user's connections are like browser tabs).", DefaultValueFactory = _ => 1_000 };
var hold = new Option<int>("--hold") { Description = "Idle seconds between reconnect storms.", DefaultValueFactory = _ => 20 };
var noStorms = new Option<bool>("--no-storms") { Description = "Only connect and hold; never drop the connections." };
ConnectionsScenario Connections(ParseResult r) => new(r.GetValue(connections), r.GetValue(users), TimeSpan.FromSeconds(r.GetValue(hold)), !r.GetValue(noStorms));

var sessionCount = new Option<int>("--sessions") { Description = "Live sessions.", DefaultValueFactory = _ => 10 };
var sessionParticipants = new Option<int>("--participants") { Description = "Guests invited to each session, all joining at once.", DefaultValueFactory = _ => 100 };
var sessionCapacity = new Option<int>("--capacity") { Description = "Seats per session (1 to 100); joiners beyond it are refused as full.", DefaultValueFactory = _ => 100 };
var sessionPeers = new Option<int>("--peers") { Description = "Peers each participant signals.", DefaultValueFactory = _ => 3 };
var signalRate = new Option<double>("--signals-per-second") { Description = "Signals (offers, ICE candidates) per second in total.", DefaultValueFactory = _ => 500 };
SessionsScenario Sessions(ParseResult r) => new(r.GetValue(sessionCount), r.GetValue(sessionParticipants), r.GetValue(sessionCapacity), r.GetValue(sessionPeers), r.GetValue(signalRate));

var descriptions = new Dictionary<string, string>
{
    ["checkout"] = "Shoppers fill carts and check out; verifies nothing is oversold.",
    ["fleet"] = "Devices post GPS pings while map viewers watch vehicles_moved.",
    ["chat"] = "Members of group conversations send and receive messages; checks nothing is lost, doubled or reordered.",
    ["connections"] = "Holds idle connections: connect rate, server memory per connection, reconnect storm recovery.",
    ["sessions"] = "Guests storm into live sessions at once, then relay WebRTC signals to peers; checks capacity and that no signal is lost.",
};
Option[] checkoutOptions = [shoppers, products, stock, maxQuantity, hotProducts];
Option[] fleetOptions = [devices, rate, batch, viewers];
Option[] chatOptions = [conversations, members, messages, chatPreset];
Option[] connectionOptions = [connections, users, hold, noStorms];
Option[] sessionOptions = [sessionCount, sessionParticipants, sessionCapacity, sessionPeers, signalRate];

var mixedShoppers = new Option<int>("--shoppers") { Description = "Shoppers checking out.", DefaultValueFactory = _ => 20 };
var mixedDevices = new Option<int>("--devices") { Description = "Vans posting one ping a second.", DefaultValueFactory = _ => 500 };
var mixedConversations = new Option<int>("--conversations") { Description = "Conversations of 5 members.", DefaultValueFactory = _ => 100 };
var mixedMessages = new Option<double>("--messages-per-second") { Description = "Chat messages per second in total.", DefaultValueFactory = _ => 100 };
var mixedIdle = new Option<int>("--idle") { Description = "Idle dashboard connections (200 users).", DefaultValueFactory = _ => 2_000 };
// Bad options are refused before anything is set up, with the reason (exit code 1).
foreach (var (option, least) in new (Option<int>, int)[]
{
    (duration, 1), (warmup, 0), (hotProducts, 0), (shoppers, 1), (products, 1), (stock, 1), (maxQuantity, 1), (devices, 1), (viewers, 0),
    (conversations, 1), (members, 2), (connections, 1), (users, 1), (hold, 1),
    (mixedShoppers, 1), (mixedDevices, 1), (mixedConversations, 1), (mixedIdle, 1),
    (sessionCount, 1), (sessionParticipants, 1), (sessionCapacity, 1), (sessionPeers, 1),
})
{
    option.Validators.Add(r =>
    {
        if (r.GetValueOrDefault<int>() < least)
        {
            r.AddError($"{option.Name} must be at least {least}.");
        }
    });
}

batch.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() is < 1 or > 500)
    {
        r.AddError("--batch must be between 1 and 500 (the server's limit per request).");
    }
});
sessionCapacity.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() > 100)
    {
        r.AddError("--capacity must be between 1 and 100 (the server's limit per session).");
    }
});
foreach (var (option, positive) in new[] { (rate, false), (messages, true), (mixedMessages, true), (signalRate, true) })
{
    option.Validators.Add(r =>
    {
        var value = r.GetValueOrDefault<double>();
        if (value < 0 || (positive && value == 0) || !double.IsFinite(value))
        {
            r.AddError($"{option.Name} must be {(positive ? "above" : "at least")} 0.");
        }
    });
}

urls.Validators.Add(r =>
{
    foreach (var url in r.GetValueOrDefault<string[]>() ?? [])
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            r.AddError($"--url {url} is not an http(s) address such as http://localhost:5000.");
        }
    }
});
compare.Validators.Add(r =>
{
    if (r.GetValueOrDefault<string?>() is { } file && !File.Exists(file))
    {
        r.AddError($"--compare {file}: no such file (write one with --json).");
    }
});

var mixed = Scenario("mixed", "A business day at once: shoppers, vans and a dispatcher's maps, chat, purchasing clerks, idle dashboards.",
    [mixedShoppers, mixedDevices, mixedConversations, mixedMessages, mixedIdle],
    r => new MixedScenario(
    [
        new CheckoutScenario(r.GetValue(mixedShoppers), 20, 1_000_000, 3),
        new FleetScenario(r.GetValue(mixedDevices), 1, 1, 3),
        new ChatScenario(r.GetValue(mixedConversations), 5, r.GetValue(mixedMessages)),
        new PurchasingScenario(2, 5),
        new ConnectionsScenario(r.GetValue(mixedIdle), Math.Max(1, r.GetValue(mixedIdle) / 10), Timeout.InfiniteTimeSpan, storms: false),
    ]),
    againstBaseline: false);

var baseline = new Command("baseline", "Runs chat, fleet or connections against a bare Kestrel + SignalR server this program starts (no Orleans, no storage): the ceiling to read OmniBiz's figures against.")
{
    Scenario("chat", descriptions["chat"], chatOptions, Chat, againstBaseline: true),
    Scenario("fleet", descriptions["fleet"], fleetOptions, Fleet, againstBaseline: true),
    Scenario("connections", descriptions["connections"], connectionOptions, Connections, againstBaseline: true),
};

var serveUrls = new Option<string>("--urls") { Description = "Where the baseline server listens.", DefaultValueFactory = _ => "http://127.0.0.1:5100" };
var serveBaseline = new Command("serve-baseline", "Runs the bare baseline server until stopped (the baseline command starts one itself).") { serveUrls, plantLostDelivery };
serveBaseline.SetAction(async (r, ct) =>
{
    await using var app = BaselineServer.Build(r.GetValue(serveUrls)!, r.GetValue(plantLostDelivery));
    await app.RunAsync();
    return 0;
});

var root = new RootCommand("OmniBiz load harness: drives a running server over HTTP and SignalR and reports throughput, latency and broken invariants.")
{
    Scenario("checkout", descriptions["checkout"], checkoutOptions, Checkout, againstBaseline: false),
    Scenario("fleet", descriptions["fleet"], fleetOptions, Fleet, againstBaseline: false),
    Scenario("chat", descriptions["chat"], chatOptions, Chat, againstBaseline: false),
    Scenario("connections", descriptions["connections"], connectionOptions, Connections, againstBaseline: false),
    Scenario("sessions", descriptions["sessions"], sessionOptions, Sessions, againstBaseline: false),
    mixed,
    baseline,
    serveBaseline,
};
return await root.Parse(args).InvokeAsync();
