using System.Globalization;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Sessions;

/// <summary>
/// A web node for session tests: a short departure grace, a per-participant signal limit low enough to reach, and
/// invitation mail going to an SMTP server run by the test (short outbox retries).
/// </summary>
public sealed class SessionsNodeFixture : IAsyncLifetime
{
    public static readonly TimeSpan DepartureGrace = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan EmptyTimeout = TimeSpan.FromSeconds(8);
    public const int SignalLimit = 30;

    public TestNode Node { get; private set; } = null!;

    public TestSmtpServer Smtp { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Smtp = new TestSmtpServer(TestNode.FreePort());
        Smtp.Start();
        var settings = TestNode.BaseSettings();
        ConnectionString = await TestPostgres.CreateDatabaseAsync("sessions");
        settings["ConnectionStrings:OmniBiz"] = ConnectionString;
        settings["OmniBiz:Sessions:DepartureGrace"] = DepartureGrace.ToString("c", CultureInfo.InvariantCulture);
        settings["OmniBiz:Sessions:EmptyTimeout"] = EmptyTimeout.ToString("c", CultureInfo.InvariantCulture);
        settings["OmniBiz:Sessions:Ice:Urls:0"] = "stun:stun.example.org:3478";
        settings["OmniBiz:Sessions:Ice:Urls:1"] = "turn:turn.example.org:3478";
        settings["OmniBiz:Sessions:Ice:TurnSecret"] = "test-turn-secret";
        settings["OmniBiz:RateLimits:Signal:PermitLimit"] = SignalLimit.ToString(CultureInfo.InvariantCulture);
        settings["OmniBiz:RateLimits:Signal:Window"] = "00:10:00";
        settings["OmniBiz:PublicBaseUrl"] = "https://omnibiz.example";
        settings["OmniBiz:Smtp:Host"] = "127.0.0.1";
        settings["OmniBiz:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture);
        settings["OmniBiz:Smtp:Security"] = "None";
        settings["OmniBiz:Smtp:From"] = "OmniBiz <sessions@omnibiz.test>";
        settings["OmniBiz:Smtp:PollInterval"] = "00:00:00.100";
        settings["OmniBiz:Smtp:RetryDelay"] = "00:00:00.300";
        settings["OmniBiz:Smtp:MaxRetryDelay"] = "00:00:01";
        settings["OmniBiz:Smtp:MaxAttempts"] = "1000";
        Node = await TestNode.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public ApiClient Client() => Node.Client();

    public Task<ApiClient> AdminAsync() => Node.Client().LoginAsAdminAsync();
}

[CollectionDefinition(Name)]
public sealed class SessionsCollection : ICollectionFixture<SessionsNodeFixture>
{
    public const string Name = "sessions";
}
